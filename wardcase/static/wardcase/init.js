// Wardcase's own script: start GOV.UK Frontend, and look after focus when htmx swaps.
// Loaded as a module (so only by browsers GOV.UK Frontend supports); no inline script,
// so a Content-Security-Policy without 'unsafe-inline' works.
import { initAll } from '../dist/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// After htmx swaps in a confirmation, move focus to it so keyboard and screen reader
// users know what happened (the region is also aria-live).
document.body.addEventListener('htmx:afterSwap', (event) => {
  const target = event.detail && event.detail.target
  const focusable = target && target.querySelector('[data-wc-focus]')
  if (focusable) {
    focusable.focus()
  }
})

// A button that jumps to an action further down the case page opens that action's
// panel (a <details>) and puts the focus on its summary, so the form is there to fill.
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#panel-"]')
  const panel = link && document.getElementById(link.getAttribute('href').slice(1))
  if (panel && panel.tagName === 'DETAILS') {
    panel.open = true
    const summary = panel.querySelector('summary')
    if (summary) {
      summary.focus({ preventScroll: true })
    }
  }
})
