import type { z } from 'zod';
import { DomainValidationError, type FieldIssue } from '../domain/errors';

/** Flattens zod issues into field paths such as `body.pattern[0].end`. */
export function zodIssues(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.map((issue) => {
    let path = root;
    for (const seg of issue.path) path += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
    const keys = (issue as { keys?: string[] }).keys;
    if (issue.code === 'unrecognized_keys' && keys?.length) {
      return {
        path: `${path}.${keys[0]}`,
        message: `unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      };
    }
    return { path, message: issue.message };
  });
}

/** Parses `input` or throws a DomainValidationError naming every bad field under `root`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, root: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainValidationError(`invalid ${root}`, zodIssues(parsed.error, root));
  return parsed.data;
}
