// ECharts, only the parts the charts use (echarts/core keeps the rest out).
import * as echarts from 'echarts/core'
import { BarChart, LineChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export default echarts
