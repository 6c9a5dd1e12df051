// The formulas the 汇总 sheet uses, evaluated as the simulated Excel evaluates them (one evaluator for
// tests, the simulator and the playground).
export { evaluate, UNSUPPORTED, type Sheets } from '../../addin/sim/formulas';
