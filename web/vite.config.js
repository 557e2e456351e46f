import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The fengqiao binary embeds dist/ and serves index.html at "/" and the
// hashed files at "/assets/"; CSP is default-src 'self', so nothing may be
// inlined: no data: URIs, no inline scripts or styles.

// Element Plus's stylesheet carries two data: URIs (a check mark and the
// colour picker's checkerboard), which the CSP would refuse: point them at
// the same pictures shipped as files.
function noDataUris() {
  return {
    name: 'fengqiao-no-data-uris',
    enforce: 'pre',
    transform(code, id) {
      if (!/element-plus[\\/]dist[\\/]index\.css$/.test(id)) return null
      return code
        .replace(/url\("data:image\/svg\+xml;utf8,[^"]*"\)/g, 'url("/src/assets/el-check.svg")')
        .replace(/url\(data:image\/png;base64,[^)]*\)/g, 'url("/src/assets/el-alpha.png")')
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [noDataUris(), vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
            {
              name: 'element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@vueuse|dayjs|lodash|lodash-es|lodash-unified|async-validator|memoize-one|normalize-wheel-es|@ctrl)[\\/]/,
              priority: 15,
            },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
})
