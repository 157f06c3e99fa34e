// drafts.js - what was typed survives the session ending (sign in again
// and it is back) and a change of language.  Every form marked
// data-draft="NAME" is kept: its named fields except passwords.  A form
// that was closed is opened again by its page on the "draft" event.  Kept
// in sessionStorage, which lives as long as the tab and is never sent.
const KEY = 'homeward.draft';

// A <select> has no defaultValue: it was changed when another option than
// the one selected by the page (or the first) is selected.
function selectChanged(el) {
  let initial = 0;
  for (let i = 0; i < el.options.length; i++) {
    if (el.options[i].defaultSelected) { initial = i; break; }
  }
  return el.selectedIndex !== initial;
}

export function captureDrafts(root) {
  const out = {};
  if (!root) return out;
  for (const form of root.querySelectorAll('form[data-draft]')) {
    const values = {};
    let typed = false;
    for (const el of form.elements) {
      if (!el.name || el.type === 'password' || el.type === 'submit' || el.type === 'button') continue;
      values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
      if (el.tagName === 'SELECT') {
        if (selectChanged(el)) typed = true;
      } else if (el.type !== 'checkbox' && el.value !== el.defaultValue) {
        typed = true;
      }
    }
    out[form.dataset.draft] = { values, typed, open: !form.closest('[hidden]') };
  }
  return out;
}

export function restoreDrafts(root, drafts) {
  for (const [name, draft] of Object.entries(drafts || {})) {
    const form = root.querySelector(`form[data-draft="${CSS.escape(name)}"]`);
    if (!form || (!draft.typed && !draft.open)) continue;
    if (draft.open || draft.typed) form.dispatchEvent(new CustomEvent('draft', { detail: draft }));
    for (const [field, value] of Object.entries(draft.values)) {
      const el = form.elements.namedItem(field);
      if (!el || el instanceof RadioNodeList) continue;
      if (el.type === 'checkbox') el.checked = !!value;
      else el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
}

/** Keeps the drafts of page `hash` until that page is shown again. */
export function saveDraftsForSignIn(hash, drafts) {
  const typed = Object.values(drafts).some((d) => d.typed);
  if (!typed) return;
  sessionStorage.setItem(KEY, JSON.stringify({ hash, drafts }));
}

/** The drafts kept for page `hash`, once. */
export function takeSavedDrafts(hash) {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const saved = JSON.parse(raw);
    if (saved.hash !== hash) return null;
    sessionStorage.removeItem(KEY);
    return saved.drafts;
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function hasSavedDrafts() {
  return !!sessionStorage.getItem(KEY);
}
