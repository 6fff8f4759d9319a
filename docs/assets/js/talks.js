/* talks.js: the site's small behaviours.
 *
 * - Home: the series filter chips (?series=… keeps the choice in the address).
 * - Talk pages: a sticky bar naming the chapter being read, and the timeline's
 *   current part.
 * - Every page: the Pagefind search box in the header. The index loads on first
 *   use, and a query fetches only the index chunks it needs and the few results
 *   shown, never every page.
 *
 * Material's instant navigation swaps the page without reloading scripts, so the
 * per-page parts run on each emission of its document$ observable; what they
 * attach to window is removed when the next page arrives.
 */
(() => {
  "use strict";

  const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
  // Material's base is relative to the first page loaded; resolve it once, as Material does.
  const siteRoot = new URL(config.base || ".", location.href);

  function headerBottom() {
    const header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  /* Home: series filter ------------------------------------------------- */

  function seriesFilter() {
    const group = document.querySelector(".series-filter");
    if (!group) return null;
    const chips = Array.from(group.querySelectorAll(".series-chip"));
    const cards = Array.from(document.querySelectorAll(".talk-card"));
    const status = document.querySelector(".series-status");

    const show = (wanted, remember) => {
      const series = chips.some((chip) => chip.dataset.series === wanted) ? wanted : "";
      let shown = 0;
      for (const card of cards) {
        const match = !series || card.dataset.series === series;
        card.hidden = !match;
        if (match) shown += 1;
      }
      for (const chip of chips) chip.setAttribute("aria-pressed", String(chip.dataset.series === series));
      if (status) status.textContent = series ? `${shown} of ${cards.length} talks: ${series}` : "";
      if (remember) {
        const url = new URL(location.href);
        if (series) url.searchParams.set("series", series);
        else url.searchParams.delete("series");
        history.replaceState(history.state, "", url);
      }
    };

    group.addEventListener("click", (event) => {
      const chip = event.target.closest(".series-chip");
      if (chip) show(chip.dataset.series, true);
    });
    show(new URLSearchParams(location.search).get("series") || "", false);
    return null;
  }

  /* Talk pages: where am I ---------------------------------------------- */

  /** Index of the last element whose top is above `line` (elements in page order), or -1. */
  function lastAbove(elements, line) {
    let low = 0;
    let high = elements.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (elements[mid].getBoundingClientRect().top <= line) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  function shortTime(seconds) {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }

  function chapterBar() {
    const transcript = document.querySelector(".transcript");
    const headings = transcript ? Array.from(transcript.querySelectorAll("h3[id^='chapter-']")) : [];
    if (!headings.length) return null;
    const segments = Array.from(transcript.querySelectorAll(".seg[data-t]"));
    const timeline = document.querySelector(".timeline");
    const parts = new Map(
      Array.from(document.querySelectorAll(".timeline .tl-part")).map((part) => [part.hash.slice(1), part]),
    );
    const last = segments.length ? Number(segments[segments.length - 1].dataset.t) : 0;
    const duration = Number(timeline?.dataset.duration) || last || 1;

    const bar = document.createElement("div");
    bar.className = "chapter-now";
    bar.setAttribute("role", "navigation");
    bar.setAttribute("aria-label", "Current chapter");
    bar.innerHTML =
      '<a class="chapter-now__title"><span class="chapter-now__time"></span><span class="chapter-now__name"></span></a>' +
      '<span class="chapter-now__count"></span>' +
      (document.getElementById("chapters") ? '<a class="chapter-now__all" href="#chapters">All chapters</a>' : "") +
      '<span class="chapter-now__progress" aria-hidden="true"><span></span></span>';
    transcript.prepend(bar);
    const link = bar.querySelector(".chapter-now__title");
    const time = bar.querySelector(".chapter-now__time");
    const name = bar.querySelector(".chapter-now__name");
    const count = bar.querySelector(".chapter-now__count");
    const progress = bar.querySelector(".chapter-now__progress > span");

    let current = null;
    const update = () => {
      const line = headerBottom() + bar.offsetHeight + 8;
      const heading = headings[Math.max(lastAbove(headings, line), 0)];
      if (heading !== current) {
        parts.get(current?.id)?.classList.remove("is-current");
        parts.get(current?.id)?.removeAttribute("aria-current");
        current = heading;
        link.href = `#${heading.id}`;
        time.textContent = heading.dataset.time || "";
        name.textContent = heading.textContent;
        count.textContent = `Chapter ${headings.indexOf(heading) + 1} of ${headings.length}`;
        parts.get(heading.id)?.classList.add("is-current");
        parts.get(heading.id)?.setAttribute("aria-current", "location");
      }
      const segment = segments[lastAbove(segments, line)];
      const seconds = segment ? Number(segment.dataset.t) : 0;
      progress.style.width = `${Math.min(100, (100 * seconds) / duration).toFixed(2)}%`;
    };

    let queued = false;
    const schedule = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        update();
      });
    };
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    update();
    return () => {
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
    };
  }

  /** The timeline's middle caption names the part under the pointer or focus. */
  function timelineCaption() {
    const timeline = document.querySelector(".timeline");
    const caption = timeline?.querySelector(".tl-scale > span:nth-child(2)");
    if (!caption) return null;
    const resting = caption.textContent;
    const name = (event) => {
      const part = event.target.closest(".tl-part");
      caption.textContent = part ? part.getAttribute("aria-label") : resting;
    };
    timeline.addEventListener("pointerover", name);
    timeline.addEventListener("focusin", name);
    timeline.addEventListener("pointerleave", () => (caption.textContent = resting));
    timeline.addEventListener("focusout", () => (caption.textContent = resting));
    return null;
  }

  /* Search ------------------------------------------------------------- */

  const RESULTS_PER_PAGE = 5;
  const MOMENTS_PER_RESULT = 3;
  // Matched words this close (in words) count as one place.
  const CLUSTER_WORDS = 12;

  function setupSearch() {
    const root = document.querySelector("[data-site-search]");
    if (!root) return null;
    const input = root.querySelector(".site-search__input");
    const toggle = root.querySelector(".site-search__toggle");
    const close = root.querySelector(".site-search__close");
    const panel = root.querySelector(".site-search__panel");
    const status = root.querySelector(".site-search__status");
    const list = root.querySelector(".site-search__results");
    const more = root.querySelector(".site-search__more");
    const selects = Array.from(root.querySelectorAll("select[data-filter]"));

    let loading = null;
    let filtersLoaded = false;
    let results = [];
    let shown = 0;
    let generation = 0;

    const pagefind = () => {
      loading ||= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
        await module.options({ baseUrl: siteRoot.pathname, excerptLength: 22 });
        await module.init();
        return module;
      });
      return loading;
    };

    // A filter value may be spelt two ways across talks ("swyx", "Swyx"): one option matches any of them.
    const spellings = new Map();

    const loadFilters = async () => {
      if (filtersLoaded) return;
      filtersLoaded = true;
      const available = await (await pagefind()).filters();
      for (const select of selects) {
        const groups = new Map();
        for (const [value, count] of Object.entries(available[select.dataset.filter] || {})) {
          const key = value.toLocaleLowerCase();
          const group = groups.get(key) || { label: value, values: [], count: 0, best: 0 };
          group.values.push(value);
          group.count += count;
          if (count > group.best) Object.assign(group, { label: value, best: count });
          groups.set(key, group);
        }
        const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
        for (const group of sorted) {
          spellings.set(`${select.dataset.filter}:${group.label}`, group.values);
          select.add(new Option(`${group.label} (${group.count})`, group.label));
        }
      }
    };

    const chosenFilters = () => {
      const filters = {};
      for (const select of selects) {
        if (select.value) filters[select.dataset.filter] = { any: spellings.get(`${select.dataset.filter}:${select.value}`) || [select.value] };
      }
      return filters;
    };

    const open = () => {
      root.classList.add("is-open");
      toggle.setAttribute("aria-expanded", "true");
      panel.hidden = false;
      loadFilters().catch(() => {});
    };

    const shut = (refocus) => {
      root.classList.remove("is-open");
      toggle.setAttribute("aria-expanded", "false");
      panel.hidden = true;
      if (refocus) (getComputedStyle(toggle).display === "none" ? input : toggle).focus();
    };

    const run = async () => {
      const query = input.value.trim();
      const filters = chosenFilters();
      const mine = ++generation;
      if (!query && !Object.keys(filters).length) {
        results = [];
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "Type a few words from a talk, or pick a speaker or series.";
        return;
      }
      status.textContent = "Searching…";
      let search;
      try {
        search = await (await pagefind()).debouncedSearch(query || null, { filters }, 180);
      } catch (error) {
        status.textContent = "Search could not load. Is the site built with its search index?";
        return;
      }
      if (search === null || mine !== generation) return;
      results = search.results;
      shown = 0;
      list.replaceChildren();
      const n = results.length;
      status.textContent = n
        ? `${n} ${n === 1 ? "page matches" : "pages match"}${query ? ` “${query}”` : ""}`
        : `Nothing matches${query ? ` “${query}”` : ""}. Try fewer or other words.`;
      await showMore(mine);
    };

    const showMore = async (mine) => {
      const batch = results.slice(shown, shown + RESULTS_PER_PAGE);
      shown += batch.length;
      const pages = await Promise.all(batch.map((result) => result.data()));
      if (mine !== generation) return;
      for (const page of pages) list.append(renderResult(page, input.value.trim()));
      more.hidden = shown >= results.length;
    };

    input.addEventListener("input", () => {
      open();
      run();
    });
    // Focus opens the panel: its filters alone can list a speaker's or a series' talks.
    input.addEventListener("focus", () => {
      const fresh = panel.hidden && !list.childElementCount;
      open();
      if (fresh) run();
    });
    for (const select of selects) select.addEventListener("change", run);
    more.addEventListener("click", () => showMore(generation));
    toggle.addEventListener("click", () => {
      root.classList.add("is-open");
      input.focus();
    });
    close.addEventListener("click", () => shut(true));

    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        shut(true);
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      // Arrows walk from the box through the result links (a select keeps its own arrows).
      if (event.target !== input && !list.contains(event.target)) return;
      const links = Array.from(list.querySelectorAll("a"));
      if (!links.length) return;
      const at = links.indexOf(document.activeElement);
      const next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      event.preventDefault();
      (next < 0 ? input : links[next]).focus();
    });

    document.addEventListener("keydown", (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      root.classList.add("is-open");
      input.focus();
      input.select();
    });

    document.addEventListener("click", (event) => {
      if (!panel.hidden && !root.contains(event.target)) shut(false);
    });
    // Tabbing past the panel closes it (the panel takes focus on clicks inside, see tabindex).
    root.addEventListener("focusout", (event) => {
      if (!panel.hidden && event.relatedTarget && !root.contains(event.relatedTarget)) shut(false);
    });

    // The header outlives instant navigation: close the panel when a page arrives.
    return () => shut(false);
  }

  /**
   * The best place in a sub-result: where matched words stand closest together
   * (a phrase beats the same words scattered), with its summed score.
   */
  function bestPlace(sub) {
    const places = (sub.weighted_locations || []).slice().sort((a, b) => a.location - b.location);
    let best = { location: sub.locations?.[0], score: 0 };
    let score = 0;
    let start = 0;
    for (let end = 0; end < places.length; end += 1) {
      score += places[end].balanced_score;
      while (places[end].location - places[start].location > CLUSTER_WORDS) {
        score -= places[start].balanced_score;
        start += 1;
      }
      if (score > best.score) best = { location: places[start].location, score };
    }
    return best;
  }

  /** The last anchor with a `t=` id (a transcript line, or a moment heading) inside the sub-result, at or before `at`. */
  function momentOf(page, sub, at) {
    if (at === undefined) return null;
    const floor = sub.anchor ? sub.anchor.location : 0;
    let found = null;
    for (const anchor of page.anchors || []) {
      if (!anchor.id.startsWith("t=") || anchor.location < floor || anchor.location > at) continue;
      if (!found || anchor.location >= found.location) found = anchor;
    }
    return found;
  }

  function longDate(iso) {
    if (!iso) return "";
    const day = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) return iso;
    return day.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  /** Seconds of a `t=HH:MM:SS` or `chapter-HH-MM-SS` id. */
  function secondsOf(anchorId) {
    const [h, m, s] = anchorId.match(/(\d+)[:-](\d\d)[:-](\d\d)/).slice(1).map(Number);
    return h * 3600 + m * 60 + s;
  }

  /**
   * The words a result matched: those typed, then the forms Pagefind marked in the
   * excerpt (it matches stems: "agent" finds "agents"). Each once, at most eight.
   */
  function searchWords(query, excerpt) {
    const template = document.createElement("template");
    template.innerHTML = excerpt;
    const marked = Array.from(template.content.querySelectorAll("mark"), (mark) => mark.textContent);
    const words = [...query.split(/\s+/), ...marked].map((word) =>
      word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase(),
    );
    return [...new Set(words.filter(Boolean))].slice(0, 8);
  }

  /**
   * Add the matched words to a moment's link (`#t=00:14:10&hl=sparse,autoencoders`):
   * the talk page lands on the line that holds them, marks them, and drops them from
   * the address.
   */
  function withWords(href, words) {
    if (!words.length || !href.includes("#")) return href;
    return `${href}&hl=${words.map(encodeURIComponent).join(",")}`;
  }

  /** Pagefind's excerpts hold text and <mark>; keep exactly that, as DOM nodes. */
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [];
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function renderResult(page, query) {
    const item = element("li");
    const title = element("a", "sr-title", page.meta?.title || page.url);
    title.href = page.url;
    item.append(title);
    const facts = [longDate(page.meta?.date), page.meta?.duration].filter(Boolean);
    if (facts.length) item.append(element("span", "sr-meta", facts.join(" · ")));

    const moments = (page.sub_results || [])
      .map((sub) => ({ sub, place: bestPlace(sub) }))
      .sort((a, b) => b.place.score - a.place.score)
      .slice(0, MOMENTS_PER_RESULT);
    const listing = element("ol", "sr-moments");
    for (const { sub, place } of moments) {
      const moment = momentOf(page, sub, place.location);
      const link = element("a");
      const where = sub.anchor ? sub.title : "Top of the page";
      const words = searchWords(query, sub.excerpt || "");
      if (moment && moment !== sub.anchor) {
        link.href = withWords(`${page.url.split("#")[0]}#${moment.id}`, words);
        link.append(element("span", "sr-where", `${where} · ${shortTime(secondsOf(moment.id))}`));
      } else {
        link.href = sub.anchor ? withWords(sub.url, words) : sub.url;
        const time = sub.anchor?.id.startsWith("chapter-") ? ` · ${shortTime(secondsOf(sub.anchor.id))}` : "";
        link.append(element("span", "sr-where", where + time));
      }
      const excerpt = element("span", "sr-excerpt");
      excerpt.append(...excerptNodes(sub.excerpt || ""));
      link.append(excerpt);
      const row = element("li");
      row.append(link);
      listing.append(row);
    }
    if (moments.length) item.append(listing);
    return item;
  }

  /* Wiring --------------------------------------------------------------- */

  const onLeave = [];
  let searchClose = null;

  function onPage() {
    while (onLeave.length) onLeave.pop()();
    if (searchClose) searchClose();
    else searchClose = setupSearch() || (() => {});
    for (const setup of [seriesFilter, chapterBar, timelineCaption]) {
      const cleanup = setup();
      if (cleanup) onLeave.push(cleanup);
    }
  }

  if (window.document$) window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
