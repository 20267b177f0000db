
(() => {
  if (window.__rmDutch) { return; }
  window.__rmDutch = true;
  const fixed = {
    'Select all': 'Alles kiezen', 'Clear all': 'Alles wissen', 'No results': 'Geen resultaten',
    'No options to select.': 'Geen keuzes.', 'Choose an option': 'Maak een keuze', 'Choose options': 'Maak keuzes',
    'Skip to main content': 'Naar de inhoud', 'Page not found': 'Pagina niet gevonden',
    "The page that you have requested does not seem to exist. Running the app's main page.":
      'Deze pagina bestaat niet (meer). U ziet nu het Overzicht; kies links een andere pagina.',
    'Press Enter to apply': 'Druk op Enter om toe te passen', 'Drag and drop file here': 'Sleep een bestand hierheen',
    'Browse files': 'Bestand kiezen', 'Show password text': 'Wachtwoord tonen', 'Hide password text': 'Wachtwoord verbergen',
  };
  const pattern = [[/^Select (\d+) matches$/, (m, n) => `${n} treffers kiezen`], [/^Select 1 match$/, () => '1 treffer kiezen'],
                   [/^Limit (\d+)MB per file(.*)$/, (m, n, rest) => `Hooguit ${n} MB per bestand${rest}`]];
  const PAGES = ['overzicht', 'opgaven', 'opgave', 'kaart', 'buurt', 'vergelijken', 'trends', 'programmas',
                 'presentatie', 'bronnen'];
  // Streamlit has already replaced the typed path by '/' when this runs: the navigation entry keeps the original.
  const typed = new URL((performance.getEntriesByType('navigation')[0] || {}).name || location.href);
  const redirect = () => {
    if (window.__rmRedirected) { return false; }
    window.__rmRedirected = true;
    const norm = typed.pathname.toLowerCase().replace(/[^a-z]/g, '');
    let target = null;
    if (['', 'overzicht', 'home', 'index', 'app', 'start'].includes(norm)) { target = ''; }
    else if (PAGES.includes(norm)) { target = norm; }
    else {
      const hits = PAGES.filter(p => norm.startsWith(p) || p.startsWith(norm)).sort((a, b) => b.length - a.length);
      if (hits.length) { target = hits[0]; }
    }
    if (target === null) { return false; }
    if (target === '') {  // it was the Overzicht after all: no notice
      const close = document.querySelector('[role="dialog"] button[aria-label="Close"]');
      if (close) { close.click(); }
      return true;
    }
    location.replace('/' + target + typed.search);
    return true;
  };
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.trim();
      if (!text) { continue; }
      if (text === 'Page not found' && redirect()) { return; }
      if (fixed[text]) { node.nodeValue = node.nodeValue.replace(text, fixed[text]); continue; }
      for (const [re, fn] of pattern) { if (re.test(text)) { node.nodeValue = text.replace(re, fn); break; } }
    }
    for (const el of root.querySelectorAll ? root.querySelectorAll('input[placeholder]') : []) {
      if (fixed[el.placeholder]) { el.placeholder = fixed[el.placeholder]; }
    }
  };
  let queued = false;
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; translate(document.body); }); } };
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true, characterData: true});
  later();
})();
