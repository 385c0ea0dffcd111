// ECharts, modular: only the parts the SLA dashboard draws (lines, bars, grid, axes,
// tooltip, legend) on the canvas renderer. Imported lazily by EChart.vue.
import * as echarts from 'echarts/core'
import { LineChart, BarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendPlainComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendPlainComponent, CanvasRenderer])

export { echarts }
