
(() => {
  const doc = window.document;
  if (window.__rmPresenterKeys) { return; }
  const click = (name) => {
    const b = [...doc.querySelectorAll('button')].find(x => (x.innerText || '').includes(name));
    if (b && !b.disabled) { b.click(); }
  };
  window.__rmPresenterKeys = (e) => {
    if (!doc.querySelector('.rm-presenter')) { return; }
    const t = e.target && e.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') { return; }
    const next = ['ArrowRight', 'PageDown', ' ', 'Spacebar'].includes(e.key);
    const prev = ['ArrowLeft', 'PageUp'].includes(e.key);
    if (!(next || prev || e.key === 'Escape')) { return; }
    e.preventDefault(); e.stopPropagation();
    click(next ? 'Volgende' : prev ? 'Vorige' : 'Verlaten');
  };
  doc.addEventListener('keydown', window.__rmPresenterKeys, true);
  // The visual gets the height left between the step's title and its source line.
  let queued = false;
  const fit = () => {
    queued = false;
    const v = doc.querySelector('.st-key-presenter_visual');
    if (!doc.querySelector('.rm-presenter') || !v) { return; }
    const src = doc.querySelector('.st-key-presenter_source');
    const chrome = Math.ceil(v.getBoundingClientRect().top + (src ? src.getBoundingClientRect().height : 30) + 56);
    if (doc.documentElement.style.getPropertyValue('--rm-chrome') !== chrome + 'px') {
      doc.documentElement.style.setProperty('--rm-chrome', chrome + 'px');
    }
  };
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(fit); } };
  new MutationObserver(later).observe(doc.body, {childList: true, subtree: true});
  window.addEventListener('resize', later);
  later();
})();
