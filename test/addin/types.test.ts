import { describe, expectTypeOf, it } from 'vitest';
import type { HostContext, Requirements } from '../../addin/excel/host';
import type { SimRequestContext, SimRequirements } from '../../addin/sim';

describe('the adapter compiles against both hosts', () => {
  it('accepts a real Excel.RequestContext and Office requirements', () => {
    expectTypeOf<Excel.RequestContext>().toExtend<HostContext>();
    expectTypeOf<Office.RequirementSetSupport>().toExtend<Requirements>();
  });

  it('accepts the simulated context and requirements', () => {
    expectTypeOf<SimRequestContext>().toExtend<HostContext>();
    expectTypeOf<SimRequirements>().toExtend<Requirements>();
  });
});
