// The new-case page: choosing a person seen before, and searching the services.
// Without JavaScript the form still works: typed details and the plain select.

const byId = (id) => document.getElementById(id)

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'
})[c])

// --- The person first ----------------------------------------------------------------

const PERSON_FIELDS = ['name', 'postcode', 'email', 'phone', 'address']
const chosenId = byId('constituent_id')
const chosenNote = byId('person-chosen')

function usePerson (button) {
  const data = button.dataset
  for (const key of PERSON_FIELDS) {
    const field = byId('constituent_' + key)
    if (field) field.value = data[key] || ''
  }
  const preference = document.querySelector(
    'input[name="constituent_contact_preference"][value="' + data.preference + '"]')
  if (preference) preference.checked = true
  chosenId.value = data.wcPerson
  const matches = byId('people-matches')
  if (matches) matches.innerHTML = ''
  chosenNote.textContent = data.chosen
  chosenNote.hidden = false
  // The next thing to do is describe the problem.
  const description = byId('description')
  if (description) description.focus()
}

if (chosenId) {
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-wc-person]')
    if (button) usePerson(button)
  })
  // Editing a chosen person's details means someone else: a new record, not theirs.
  for (const key of PERSON_FIELDS) {
    const field = byId('constituent_' + key)
    if (field) {
      field.addEventListener('input', () => {
        if (chosenId.value) {
          chosenId.value = ''
          chosenNote.hidden = true
        }
      })
    }
  }
}

// --- The service ---------------------------------------------------------------------

const select = byId('service')
const dataIsland = byId('service-data')
const departmentNote = byId('service-department')

function words (text) {
  return String(text || '').toLowerCase().split(/[^a-z0-9']+/).filter(Boolean)
}

// Rank: recent services first, then a name that starts with the query, then names and
// other words ("rubbish" for Missed bin collection) whose words start with the query's.
function rank (service, query) {
  const name = service.name.toLowerCase()
  const queryWords = words(query)
  if (!queryWords.length) return service.recent ? service.recent : null
  const nameWords = words(service.name)
  const aliasText = String(service.aliases || '').toLowerCase()
  const aliasWords = words(aliasText)
  const all = nameWords.concat(aliasWords)
  const everyWord = queryWords.every((q) => all.some((w) => w.startsWith(q)))
  const phrase = query.trim().toLowerCase()
  if (!everyWord && !name.includes(phrase) && !aliasText.includes(phrase)) return null
  let score = 100
  if (name.startsWith(phrase)) score = 20
  else if (queryWords.every((q) => nameWords.some((w) => w.startsWith(q)))) score = 40
  return (service.recent ? 0 : 50) + score + (service.recent || 0)
}

if (select && dataIsland && window.accessibleAutocomplete) {
  const services = JSON.parse(dataIsland.textContent)
  const byName = {}
  for (const s of services) byName[s.id] = s
  const showDepartment = (service) => {
    departmentNote.textContent = service ? departmentNote.dataset.goesTo + ' ' + service.department : ''
  }
  const current = byName[select.value]
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: current ? current.name : '',
    minLength: 0,
    showAllValues: true,
    dropdownArrow: () => '',
    confirmOnBlur: false,
    autoselect: true,
    displayMenu: 'overlay',
    source: (query, populate) => {
      const found = []
      for (const s of services) {
        const r = rank(s, query)
        if (r !== null) found.push([r, s])
      }
      found.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name))
      populate(found.slice(0, 20).map((pair) => pair[1]))
    },
    templates: {
      inputValue: (s) => (s && s.name) || '',
      suggestion: (s) => typeof s === 'string'
        ? escapeHtml(s)
        : escapeHtml(s.name) + (s.recent ? ' <strong>(' + escapeHtml(departmentNote.dataset.recent) + ')</strong>' : '') +
          '<br><span class="govuk-body-s">' + escapeHtml(s.department) + '</span>'
    },
    onConfirm: (s) => {
      if (!s) return
      select.value = String(s.id)
      showDepartment(s)
    }
  })
  showDepartment(current)
}
