// Apache ECharts, only the parts the page draws with: bars, a donut and a line, their axes, legend
// and tooltip, drawn as SVG (crisp on screen and in a printed or saved PDF, and no canvas to read
// back). ECharts styles its elements through the CSSOM, which the page's CSP allows.
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECElementEvent, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** Chinese first where each system has it: Windows, macOS, then Linux (WenQuanYi). */
const CHART_FONT = '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

const drawn = new Map<HTMLElement, { chart: EChartsType; observer: ResizeObserver }>();

/**
 * Draws `option` into `container` (replacing what was there); `onPick` hears a click on a bar, a
 * slice or a category label, with the category's name. Charts follow their box's width.
 */
export function drawChart(container: HTMLElement, option: ChartOption, onPick?: (name: string) => void): void {
  const chart = init(container, undefined, { renderer: 'svg' });
  chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, fontSize: 13 }, ...option });
  if (onPick) {
    chart.on('click', (e: ECElementEvent) => {
      const name = e.componentType === 'yAxis' || e.componentType === 'xAxis' ? (e as { value?: unknown }).value : e.name;
      if (typeof name === 'string' && name) onPick(name);
    });
  }
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(container);
  drawn.set(container, { chart, observer });
}

/** Lets go of the charts no longer on the page (their DOM is about to be replaced). */
export function disposeCharts(): void {
  for (const { chart, observer } of drawn.values()) {
    observer.disconnect();
    chart.dispose();
  }
  drawn.clear();
}
