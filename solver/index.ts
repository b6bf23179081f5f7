/** The solver library's only entry point: pure optimisation, no I/O, no clock, no env. */
export * from './mip';
export * from './roster';
export * from './staffing';
export * from './planner';
