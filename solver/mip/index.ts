export * from './model';
export * from './backend';
export { highsBackend, relativeGap, solveHighsInThread, type ThreadedSolve } from './highs';
export { jslpBackend, MAX_DENSE_ENTRIES, toJslpModel } from './jslp';
export { solveOptionProblems, type OptionProblem } from './options';
