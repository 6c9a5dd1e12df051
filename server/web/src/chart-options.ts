// What each chart on the page shows, as ECharts options built from the rollup and the history:
// status by unit and by category (stacked bars), the status breakdown (a donut), completion over
// time (a line) and overdue measures by unit (bars). Colours are the same for a status everywhere.
import { STATUS_CODES, type Rollup, type StatusCode, type StatusCounts } from '../../../ledger/schema';
import type { ProgressPoint } from '../../../ledger/sync-protocol';
import type { ChartOption } from './charts';
import type { StatusNames } from './rollup-view';
import type { Strings } from './strings';

const STATUS_COLOURS: Record<StatusCode, string> = {
  not_started: '#8c96a3',
  in_progress: '#d08c00',
  done: '#2e7d32',
  done_ongoing: '#0b6e69',
};
const LATE = '#a4161a';
const PRIMARY = '#0b57a4';

/** Rows of bars need room for their labels: a bar's height each, and the legend and axis. */
export function barsHeight(bars: number): number {
  return Math.max(160, 72 + bars * 34);
}

const categoryAxis = (names: string[]) => ({
  type: 'category' as const,
  inverse: true,
  data: names,
  triggerEvent: true,
  axisLabel: { width: 132, overflow: 'truncate' as const },
});

export function statusBars(groups: { name: string; status: StatusCounts }[], names: StatusNames): ChartOption {
  return {
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: categoryAxis(groups.map((g) => g.name)),
    series: STATUS_CODES.map((code) => ({
      type: 'bar' as const,
      name: names[code],
      stack: 'status',
      barMaxWidth: 26,
      itemStyle: { color: STATUS_COLOURS[code] },
      data: groups.map((g) => g.status[code]),
    })),
  };
}

export function statusDonut(rollup: Rollup, names: StatusNames): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['36%', '60%'],
        center: ['50%', '44%'],
        // Labels kept to the chart's edges, so a narrow phone screen cuts none of them off.
        label: { formatter: '{b}\n{c}', alignTo: 'edge', edgeDistance: 8, lineHeight: 16 },
        labelLine: { length: 10, length2: 0, maxSurfaceAngle: 80 },
        data: STATUS_CODES.filter((code) => rollup.status[code] > 0).map((code) => ({
          name: names[code],
          value: rollup.status[code],
          itemStyle: { color: STATUS_COLOURS[code] },
        })),
      },
    ],
  };
}

export function progressLine(points: ProgressPoint[], dates: string[], t: Strings): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: dates },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t.cumulativeCompleted, data: points.map((p) => p.completed), itemStyle: { color: PRIMARY }, areaStyle: { opacity: 0.12 } },
      { type: 'line', name: t.measures, data: points.map((p) => p.measures), itemStyle: { color: '#6b7582' }, lineStyle: { type: 'dashed' } },
    ],
  };
}

export function overdueBars(units: { unit: string; overdue: number }[], t: Strings): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: categoryAxis(units.map((u) => u.unit)),
    series: [
      {
        type: 'bar',
        name: t.overdue,
        barMaxWidth: 26,
        itemStyle: { color: LATE },
        label: { show: true, position: 'right' },
        data: units.map((u) => u.overdue),
      },
    ],
  };
}
