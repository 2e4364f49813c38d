/// The search page served at `GET /`: one self-contained HTML document (no external assets, no
/// framework) that searches as you type.
///
/// - Results as you type, debounced; the last bare word is searched as a prefix (`word*`), and Enter
///   runs the query exactly as typed.
/// - Titles, snippets with the matched words highlighted from the hits' `highlights` offsets (text
///   is inserted with `textContent` and text nodes only, never as HTML), the total ("+" when it is
///   a lower bound) and the search time.
/// - Prev/Next paging; ↑/↓ move a selection, Enter opens the selected document.
/// - The query lives in the URL (`/?q=…`): a link to a search works, and its results render on load.
///
/// `body[data-state]` is `loading`, `ready` or `error`, and `#results[data-query]` names the query
/// the list shows, so a browser test can wait for a result.
enum SearchPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quarry search</title>
<style>
:root { --fg: #1d2327; --muted: #5f6b73; --accent: #0b57d0; --mark: #ffe27a; --line: #dde3e8; --sel: #eef4ff; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: #fff; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 14px 20px; display: flex; gap: 16px; align-items: center; }
h1 { margin: 0; font-size: 20px; letter-spacing: .02em; }
h1 span { color: var(--accent); }
#q { flex: 1; max-width: 720px; font: inherit; padding: 8px 12px; border: 1px solid #b8c2ca; border-radius: 8px; outline: none; }
#q:focus { border-color: var(--accent); box-shadow: 0 0 0 3px rgba(11, 87, 208, .15); }
main { max-width: 820px; padding: 8px 20px 40px; }
#status { color: var(--muted); font-size: 14px; min-height: 1.5em; margin: 10px 0; }
#status.error { color: #b3261e; }
#results { list-style: none; margin: 0; padding: 0; }
.hit { padding: 10px 12px; margin: 0 -12px; border-radius: 8px; cursor: pointer; }
.hit.selected { background: var(--sel); outline: 1px solid #c6d8fb; }
.hit .title { font-size: 18px; color: var(--accent); text-decoration: none; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.hit .title:hover { text-decoration: underline; }
.hit .meta { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.hit .snippet { margin: 4px 0 0; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; }
#pager { display: flex; gap: 12px; align-items: center; margin-top: 18px; }
#pager[hidden] { display: none; }
button { font: inherit; font-size: 14px; padding: 5px 12px; border: 1px solid #b8c2ca; border-radius: 6px; background: #f7f9fa; cursor: pointer; }
button:disabled { opacity: .45; cursor: default; }
#page { color: var(--muted); font-size: 14px; }
.keys { color: var(--muted); font-size: 12px; margin-top: 24px; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; font-size: 11px; }
</style>
</head>
<body data-state="ready">
<header>
  <h1>Q<span>uarry</span></h1>
  <input id="q" type="search" autocomplete="off" spellcheck="false" autofocus placeholder="Search: words, &quot;phrases&quot;, +required, -excluded, prefix*" aria-label="Search" aria-controls="results">
</header>
<main>
  <p id="status" role="status" aria-live="polite"></p>
  <ol id="results" role="listbox" aria-label="Results"></ol>
  <nav id="pager" hidden>
    <button id="prev" type="button">← Prev</button>
    <span id="page"></span>
    <button id="next" type="button">Next →</button>
  </nav>
  <p class="keys"><kbd>↑</kbd> <kbd>↓</kbd> select · <kbd>Enter</kbd> open · results update as you type</p>
  <noscript>This page needs JavaScript; the API is at <a href="/openapi.json">/openapi.json</a>.</noscript>
</main>
<script>
"use strict";
(() => {
  const PAGE = 10, MAX_OFFSET = 10000, DEBOUNCE_MS = 150;
  const input = document.getElementById("q");
  const statusLine = document.getElementById("status");
  const list = document.getElementById("results");
  const pager = document.getElementById("pager");
  const prev = document.getElementById("prev"), next = document.getElementById("next");
  const pageLabel = document.getElementById("page");
  let offset = 0, selected = -1, sequence = 0, timer = 0, current = null;

  // The text as typed, with its last bare word (two or more letters or digits, not an operator,
  // not inside quotes, not escaped) turned into a prefix so that a half-typed word matches.
  function asTyped(text) {
    const match = /(^|[\s(+\-:])([\p{L}\p{N}_]{2,})$/u.exec(text);
    if (!match || ["AND", "OR", "NOT"].includes(match[2])) return text;
    if ((text.match(/"/g) || []).length % 2 === 1) return text;
    return text + "*";
  }

  function setURL(text) {
    const url = text.trim() ? "/?q=" + encodeURIComponent(text).replace(/%20/g, "+") : "/";
    history.replaceState(null, "", url);
  }

  function schedule() {
    clearTimeout(timer);
    offset = 0;
    setURL(input.value);
    timer = setTimeout(() => run(input.value, true), DEBOUNCE_MS);
  }

  async function fetchResults(query) {
    const response = await fetch("/search?q=" + encodeURIComponent(query) + "&k=" + PAGE + "&offset=" + offset);
    const body = await response.json();
    return { ok: response.ok, body };
  }

  async function run(text, prefix) {
    clearTimeout(timer);
    const mine = ++sequence;
    if (!text.trim()) {
      current = null;
      list.replaceChildren();
      list.dataset.query = "";
      statusLine.textContent = "";
      statusLine.className = "";
      pager.hidden = true;
      document.body.dataset.state = "ready";
      return;
    }
    document.body.dataset.state = "loading";
    try {
      const typed = prefix ? asTyped(text) : text;
      let answer = await fetchResults(typed);
      if (!answer.ok && typed !== text) answer = await fetchResults(text);
      if (mine !== sequence) return;
      if (!answer.ok) return showError(answer.body);
      render(answer.body, text);
    } catch (error) {
      if (mine === sequence) showError({ error: String(error) });
    }
  }

  function showError(body) {
    current = null;
    list.replaceChildren();
    list.dataset.query = "";
    pager.hidden = true;
    statusLine.className = "error";
    statusLine.textContent = (body.column ? "Column " + body.column + ": " : "") + (body.error || "search failed");
    document.body.dataset.state = "error";
  }

  // Appends `text` to `element`, wrapping each [start, end) range (UTF-16 offsets) in <mark>.
  function appendHighlighted(element, text, ranges) {
    let position = 0;
    for (const [start, end] of ranges) {
      if (start < position || end > text.length) continue;
      if (start > position) element.append(text.slice(position, start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      element.append(mark);
      position = end;
    }
    if (position < text.length) element.append(text.slice(position));
  }

  function render(data, text) {
    current = data;
    selected = -1;
    statusLine.className = "";
    const items = data.hits.map((hit, index) => {
      const item = document.createElement("li");
      item.className = "hit";
      item.setAttribute("role", "option");
      item.dataset.id = hit.id;
      const title = document.createElement("a");
      title.className = "title";
      title.href = "/documents/" + encodeURIComponent(hit.id);
      title.textContent = hit.title || hit.id;
      const meta = document.createElement("div");
      meta.className = "meta";
      meta.textContent = hit.rank + ". " + hit.id + " · score " + hit.score.toFixed(3);
      const snippet = document.createElement("p");
      snippet.className = "snippet";
      appendHighlighted(snippet, hit.snippet, hit.highlights);
      item.append(title, meta, snippet);
      item.addEventListener("mouseenter", () => select(index));
      item.addEventListener("click", (event) => { if (event.target !== title) open(index); });
      return item;
    });
    list.replaceChildren(...items);
    list.dataset.query = text;
    const total = data.total.toLocaleString("en") + (data.total_is_lower_bound ? "+" : "");
    const noun = data.total === 1 && !data.total_is_lower_bound ? "document matches" : "documents match";
    const ms = (data.took_us / 1000).toFixed(2);
    const shown = data.hits.length ? "; showing " + (offset + 1) + "–" + (offset + data.hits.length) : "";
    statusLine.textContent = (data.total === 0 ? "No documents match" : total + " " + noun + shown) + " (" + ms + " ms)";
    const more = data.total_is_lower_bound || offset + data.hits.length < data.total;
    prev.disabled = offset === 0;
    next.disabled = !more || data.hits.length < PAGE || offset + PAGE > MAX_OFFSET;
    pageLabel.textContent = "Page " + (Math.floor(offset / PAGE) + 1);
    pager.hidden = data.total === 0;
    document.body.dataset.state = "ready";
  }

  function select(index) {
    const items = list.children;
    if (!items.length) return;
    if (selected >= 0 && items[selected]) { items[selected].classList.remove("selected"); items[selected].removeAttribute("aria-selected"); }
    selected = Math.max(0, Math.min(index, items.length - 1));
    items[selected].classList.add("selected");
    items[selected].setAttribute("aria-selected", "true");
    items[selected].scrollIntoView({ block: "nearest" });
  }

  function open(index) {
    const item = list.children[index];
    if (item) location.href = "/documents/" + encodeURIComponent(item.dataset.id);
  }

  function page(delta) {
    if (!current) return;
    offset = Math.max(0, Math.min(MAX_OFFSET, offset + delta * PAGE));
    run(input.value, false);
    window.scrollTo(0, 0);
  }

  input.addEventListener("input", schedule);
  prev.addEventListener("click", () => page(-1));
  next.addEventListener("click", () => page(1));
  document.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); select(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(selected <= 0 ? 0 : selected - 1); }
    else if (event.key === "Enter") {
      if (event.target.closest && event.target.closest("button, a")) return;  // their own action
      event.preventDefault();
      if (selected >= 0) open(selected); else { offset = 0; run(input.value, false); }
    }
  });

  const initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  if (initial) run(initial, false);
})();
</script>
</body>
</html>
"""#
}
