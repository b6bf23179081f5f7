/** A problem with one input field: where it is and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Base class of the errors services throw; one HTTP middleware maps them to problem+json. */
export abstract class RotaError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends RotaError {
  readonly code = 'not_found';
}

export class ConflictError extends RotaError {
  readonly code: string;
  constructor(message: string, code = 'conflict', issues: FieldIssue[] = []) {
    super(message, issues);
    this.code = code;
  }
}

export class DomainValidationError extends RotaError {
  readonly code = 'validation_failed';
}

export class ForbiddenError extends RotaError {
  readonly code: string;
  /** `role_not_allowed` when the caller's role may not use the route at all; `forbidden` otherwise. */
  constructor(message: string, issues: FieldIssue[] = [], code = 'forbidden') {
    super(message, issues);
    this.code = code;
  }
}

export class UnauthorizedError extends RotaError {
  readonly code = 'unauthorized';
}

export class ExternalServiceError extends RotaError {
  readonly code = 'external_service_failed';
}

export class UnavailableError extends RotaError {
  readonly code = 'service_unavailable';
}
