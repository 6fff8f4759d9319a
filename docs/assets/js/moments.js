/* moments.js: #t= deep links to any moment of a talk, and "copy link to this moment".
 *
 * Every transcript segment already carries the id `t=HH:MM:SS` (`-2`, `-3` for a
 * repeat of the same second), so an exact link lands without JavaScript. This
 * script adds what ids alone cannot do:
 *
 * - any W3C Media Fragments time (`#t=853`, `#t=14:13`, `#t=npt:0:14:13.5`,
 *   `#t=00:14:13,00:16:00`) and `#t=14m13s` land on the moment playing at that
 *   time, scrolled below the sticky header and highlighted;
 * - a link that outlived its id (a `-3` that a re-scrape removed, a chapter that
 *   moved) still lands on the moment at its time;
 * - a "copy link" button on every segment and chapter heading;
 * - clicking a timestamp puts that moment in the address bar without a jump;
 * - a search result's link (`#t=…&hl=word,word`) lands on the line after the
 *   moment that holds the words, marks them, and leaves that line's link in the
 *   address bar.
 *
 * - "copy a clip": after a moment's link is copied, and while lines of the
 *   transcript are selected, a link to a range (`#t=start,end`) is offered:
 *   this line to the next chapter, or the selected lines.
 *
 * Every moment it resolves is announced to the page as a `moments:cue` event
 * on `document` (detail: `start`, `end` in seconds, the `moment` element and
 * whether a reader's click chose it), which the audio player (player.js) follows.
 *
 * It runs on first load and after every instant navigation (Material's
 * `document$`), on same-page hash links that Material intercepts (`location$`),
 * on `hashchange` and on back/forward. Until Material has navigated once, it
 * keeps same-page navigation from Material, which would fetch the page again.
 */
(function () {
  "use strict";

  var SEGMENT = ".seg";
  var MOMENT = ".seg, .ts-in";
  var CHAPTER = "h3[data-t]";
  var HIGHLIGHT = "is-moment";
  var FEEDBACK_MS = 1600;
  /* How many frames a jump holds its moment in place while the turns around it are laid out. */
  var SETTLE_FRAMES = 30;
  /* Space left above a landed moment, for its highlight (which bleeds 0.4rem above it). */
  var GAP_PX = 16;

  document.documentElement.classList.add("moments-js");

  /* ---------------------------------------------------------------- times */

  /** Seconds of an NPT clock value (`853`, `853.5`, `14:13`, `0:14:13.5`) or `14m13s`; null otherwise. */
  function parseClock(text) {
    var match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d*)?)$/.exec(text);
    if (match) {
      var hours = match[1] === undefined ? 0 : Number(match[1]);
      var minutes = Number(match[2]);
      var seconds = Number(match[3]);
      if (seconds >= 60 || (match[1] !== undefined && minutes >= 60)) return null;
      return hours * 3600 + minutes * 60 + seconds;
    }
    if (/^\d+(?:\.\d*)?$/.test(text)) return Number(text);
    match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d*)?)s)?$/.exec(text);
    if (match && text) {
      return Number(match[1] || 0) * 3600 + Number(match[2] || 0) * 60 + Number(match[3] || 0);
    }
    return null;
  }

  /** Two-digit padding for `HH:MM:SS`. */
  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /** The canonical fragment of a whole second: `t=HH:MM:SS`. */
  function fragmentOf(seconds) {
    seconds = Math.floor(seconds);
    return "t=" + pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }

  /**
   * Read a location hash (without `#`) as `{id, start, end}`; null when it names no time.
   *
   * `id` is the element id to try first (exact links keep landing where they
   * did); `start` and `end` are seconds, `end` null when absent. Media
   * fragments may be joined with `&` (`t=10&xywh=…`); only `t` matters here.
   */
  function parseFragment(hash) {
    var text;
    try {
      text = decodeURIComponent(hash);
    } catch (error) {
      text = hash;
    }
    /* A search result adds the words it matched (`&hl=agents,memory`), to land on their line. */
    var words = [];
    var found = /&hl=([^&]*)/.exec(text);
    if (found) {
      words = found[1].split(",").filter(Boolean);
      text = text.slice(0, found.index) + text.slice(found.index + found[0].length);
    }
    var chapter = /^chapter-(\d+)-(\d\d)-(\d\d)$/.exec(text);
    if (chapter) {
      return { id: text, start: parseClock(chapter[1] + ":" + chapter[2] + ":" + chapter[3]), end: null, words: words };
    }
    var value = null;
    text.split("&").forEach(function (part) {
      if (value === null && part.slice(0, 2) === "t=") value = part.slice(2);
    });
    if (value === null) return null;
    value = value.replace(/^npt:/, "");
    var repeat = /^(\d+:\d\d:\d\d)-\d+$/.exec(value);
    if (repeat) return { id: text, start: parseClock(repeat[1]), end: null, words: words };
    var range = value.split(",");
    if (range.length > 2 || (range[0] === "" && !range[1])) return null;
    /* `t=,20` starts at the beginning. */
    var start = range[0] === "" ? 0 : parseClock(range[0]);
    var end = range.length === 2 && range[1] !== "" ? parseClock(range[1]) : null;
    if (start === null) return null;
    if (end !== null && end <= start) end = null;
    return { id: text, start: start, end: end, words: words };
  }

  /* ------------------------------------------------------------- landing */

  /** Tell the page (the audio player) which moment was resolved. */
  function cue(start, end, moment, gesture) {
    document.dispatchEvent(new CustomEvent("moments:cue", {
      detail: { start: start, end: end === undefined ? null : end, moment: moment, gesture: Boolean(gesture) },
    }));
  }

  /** The element with this id inside the transcript, if any (ids hold `=` and `:`, so no CSS selector). */
  function exactTarget(transcript, id) {
    var el = document.getElementById(id);
    return el && transcript.contains(el) ? el : null;
  }

  /**
   * The moment playing at `seconds`: the last segment or inline timestamp
   * starting at or before it. A time on the very second of several moments
   * lands on the first of them, the one with the plain `t=HH:MM:SS` id, so
   * `#t=772` and `#t=00:12:52` agree. Before the first moment, the first.
   */
  function momentAt(transcript, seconds) {
    var moments = transcript.querySelectorAll(MOMENT);
    var best = moments[0] || null;
    var bestTime = -1;
    var whole = Math.floor(seconds);
    for (var i = 0; i < moments.length; i++) {
      var time = Number(moments[i].getAttribute("data-t"));
      if (time <= seconds && (time > bestTime || (time === bestTime && time !== whole))) {
        best = moments[i];
        bestTime = time;
      }
    }
    return best;
  }

  function clearHighlight(root) {
    root.querySelectorAll("." + HIGHLIGHT).forEach(function (el) {
      el.classList.remove(HIGHLIGHT);
    });
  }

  /** Highlight the segment holding `moment` and, for a range, the segments that start before `end`. */
  function highlight(moment, end) {
    var segment = moment.closest(SEGMENT) || moment;
    segment.classList.add(HIGHLIGHT);
    if (moment !== segment) moment.classList.add(HIGHLIGHT);
    if (end === null || end === undefined) return;
    var next = segment.nextElementSibling;
    while (next) {
      if (next.matches(SEGMENT)) {
        if (Number(next.getAttribute("data-t")) >= end) break;
        next.classList.add(HIGHLIGHT);
      }
      next = next.nextElementSibling;
    }
  }

  /** Where the sticky header ends, in viewport pixels (its height changes with tabs, banners, screen width). */
  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  /**
   * How far below the top of the window a moment should land: below the
   * sticky header with room for its highlight, and never higher than its CSS
   * `scroll-margin-top`, which also makes room for bars pinned under the header.
   */
  function landingOffset(el) {
    var margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
    return Math.max(headerBottom() + GAP_PX, margin);
  }

  /** True when the element's top is on screen, clear of what is pinned above it. */
  function inView(el) {
    var top = el.getBoundingClientRect().top;
    return top >= landingOffset(el) - GAP_PX / 2 && top < window.innerHeight - 40;
  }

  function scrollToMoment(el) {
    /* A word a search marked inside a long line keeps two lines of that line above it. */
    var context = el.matches("mark") ? 2 * parseFloat(getComputedStyle(el).lineHeight || "0") || 48 : 0;
    pinAt(el, landingOffset(el) + context, SETTLE_FRAMES);
  }

  /** Keep an element where it is now on screen (the browser or the history put it there). */
  function holdInPlace(el) {
    pinAt(el, el.getBoundingClientRect().top, SETTLE_FRAMES);
  }

  /* Scroll so the element's top is `top` pixels below the window's, and keep it
   * there for a few frames: turns far from the screen are laid out only when they
   * come near it (content-visibility in talks.css), so after a jump those near the
   * element take their real height and would push it away. The reader's first
   * wheel, touch or key lets go; so does a newer landing. */
  var pinning = 0;
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { pinning += 1; }, { passive: true });
  });

  function pinAt(el, top, framesLeft, pin) {
    if (pin === undefined) pin = ++pinning;
    if (pin !== pinning || !el.isConnected) return;
    var off = el.getBoundingClientRect().top - top;
    if (Math.abs(off) >= 1) window.scrollTo(0, Math.max(0, window.scrollY + off));
    if (framesLeft > 0) {
      requestAnimationFrame(function () {
        pinAt(el, top, framesLeft - 1, pin);
      });
    }
  }

  /**
   * Land on the moment named by the location hash.
   *
   * `mode` is "top" (scroll it to the top, below the header) or "reveal" (scroll
   * only when it is off screen: back/forward keeps the restored position).
   */
  function land(mode) {
    var transcript = document.querySelector(".transcript");
    if (!transcript) return;
    clearHighlight(transcript);
    var fragment = parseFragment(location.hash.slice(1));
    if (!fragment) return;
    unmarkWords(transcript);
    var exact = exactTarget(transcript, fragment.id);
    if (fragment.words.length) {
      var keys = searchKeys(fragment.words);
      var hit = lineWithWords(transcript, exact || momentAt(transcript, fragment.start), keys);
      /* The address keeps the exact line, without the words: that is the link worth sharing. */
      history.replaceState(history.state, "", "#" + (hit ? hit.id : fragment.id));
      if (hit) {
        exact = hit;
        markWords(hit, keys);
      } else if (exact && exact.matches(CHAPTER)) {
        /* The browser could not scroll to an id with the words still attached. */
        scrollToMoment(exact);
        cue(Number(exact.getAttribute("data-t")), null, exact, false);
        return;
      }
    }
    if (exact && exact.matches(CHAPTER)) {
      cue(Number(exact.getAttribute("data-t")), fragment.end, exact, false);
      /* The browser has scrolled to the heading; hold it while the turns above it are laid out. */
      if (mode === "top") scrollToMoment(exact);
      else holdInPlace(exact);
      return;
    }
    var moment = exact && exact.matches(MOMENT) ? exact : null;
    if (!moment && fragment.start !== null) moment = momentAt(transcript, fragment.start);
    if (!moment) return;
    highlight(moment, fragment.end);
    /* A time inside a line (`#t=853.5`) plays from that time; a search landing from its line. */
    var start = fragment.start !== null && exact === null ? fragment.start : Number(moment.getAttribute("data-t"));
    cue(start, fragment.end, moment, false);
    var target = placeOf(moment);
    if (mode === "top" || !inView(target)) scrollToMoment(target);
    else holdInPlace(target);
    keepUntilLoaded(target);
  }

  /** Where to scroll for a moment: its start, or the first word a search marked when that is far down a long line. */
  function placeOf(moment) {
    var mark = moment.querySelector("mark.moment-hit");
    if (!mark) return moment;
    var depth = mark.getBoundingClientRect().top - moment.getBoundingClientRect().top;
    return depth > window.innerHeight / 2 ? mark : moment;
  }

  /* --------------------------------------------------- search landings */

  /* A search sub-result starts at a chapter or at a moment heading every few
   * minutes; its words are somewhere in the next few thousand characters. */
  var HIT_REACH_CHARS = 4000;

  /** Lower-case letters and digits of a word, for comparing a search's words with a line's. */
  function wordKey(word) {
    return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  /** Whether two word keys are one word as search matches them: equal, or one a longer form of the other ("agent", "agents"). */
  function sameWord(a, b) {
    if (a === b) return true;
    var short = a.length < b.length ? a : b;
    var long = short === a ? b : a;
    return short.length >= 4 && long.length - short.length <= 3 && long.lastIndexOf(short, 0) === 0;
  }

  /* Words too common to tell one line from another: they neither choose the line nor get marked. */
  var COMMON = {};
  ("a an and are as at be but by do for from has have he her his i if in is it its me my no not of on or our " +
   "she so that the their them then there they this to was we were what when which who will with you your")
    .split(" ").forEach(function (word) { COMMON[word] = true; });

  /** The distinct keys of a search's words, common words left out (unless the search holds nothing else). */
  function searchKeys(words) {
    var keys = words.map(wordKey).filter(function (word, i, all) { return word && all.indexOf(word) === i; });
    var telling = keys.filter(function (word) { return !COMMON[word]; });
    return telling.length ? telling : keys;
  }

  /** How many of `keys` a text says. */
  function keysIn(text, keys) {
    var said = text.split(/[^\p{L}\p{N}'’-]+/u).map(wordKey);
    return keys.filter(function (key) {
      return said.some(function (other) { return sameWord(key, other); });
    }).length;
  }

  /** The text of a segment that readers see as speech (not its timestamp, speaker or copy button). */
  function spokenText(segment) {
    return Array.prototype.map.call(segment.querySelectorAll("p"), function (body) { return body.textContent; }).join(" ");
  }

  /**
   * The first segment from `start` on (a segment or a chapter heading) that
   * holds the most of the search's `keys`, within reach of the start; null when
   * none holds any, or none holds more than the chapter heading it starts from
   * (the heading is then the place the search found).
   */
  function lineWithWords(transcript, start, keys) {
    if (!start || !keys.length) return null;
    var segments = Array.prototype.slice.call(transcript.querySelectorAll(SEGMENT));
    var from = start.closest(SEGMENT);
    var index = from ? segments.indexOf(from) : segments.findIndex(function (segment) {
      return start.compareDocumentPosition(segment) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    if (index < 0) return null;
    var best = null;
    var bestScore = start.matches(CHAPTER) ? keysIn(start.textContent, keys) : 0;
    for (var read = 0; index < segments.length && read < HIT_REACH_CHARS && bestScore < keys.length; index++) {
      var text = spokenText(segments[index]);
      read += text.length;
      var score = keysIn(text, keys);
      if (score > bestScore) {
        best = segments[index];
        bestScore = score;
      }
    }
    return best;
  }

  function unmarkWords(root) {
    root.querySelectorAll("mark.moment-hit").forEach(function (mark) {
      var parent = mark.parentNode;
      mark.replaceWith(mark.textContent);
      parent.normalize();
    });
  }

  /** Wrap the search's words (their `keys`) in the landed line in <mark>, as the search results showed them. */
  function markWords(segment, keys) {
    var wanted = function (part) {
      var key = wordKey(part);
      return keys.some(function (word) { return sameWord(word, key); });
    };
    var nodes = [];
    segment.querySelectorAll("p").forEach(function (body) {
      var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest(".ts-in, .moment-copy")) nodes.push(walker.currentNode);
      }
    });
    nodes.forEach(function (node) {
      var parts = node.textContent.split(/([\p{L}\p{N}'’-]+)/u);
      if (!parts.some(function (part, i) { return i % 2 === 1 && wanted(part); })) return;
      var replacement = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (i % 2 === 1 && wanted(part)) {
          var mark = document.createElement("mark");
          mark.className = "moment-hit";
          mark.textContent = part;
          replacement.appendChild(mark);
        } else if (part) {
          replacement.appendChild(document.createTextNode(part));
        }
      });
      node.replaceWith(replacement);
    });
  }

  /** Images and late styles can push the moment down while the page loads: land again once, unless the reader scrolled. */
  function keepUntilLoaded(moment) {
    if (document.readyState === "complete") return;
    var landedAt = window.scrollY;
    window.addEventListener("load", function () {
      if (Math.abs(window.scrollY - landedAt) < 2 && moment.isConnected && !inView(moment)) {
        scrollToMoment(moment);
      }
    }, { once: true });
  }

  /* Several triggers can fire for one navigation (popstate, Material's
   * location$, hashchange): land once per frame, after Material has done its
   * own scrolling. A traversal (back/forward) reveals instead of jumping. */
  var pending = null;
  var traversing = false;
  /* The path of the page now in the DOM: Material's location$ emits before a
   * new page is fetched, and only same-page changes concern the current DOM. */
  var shownPath = location.pathname;

  function schedule(mode) {
    if (pending === "top") return;
    var first = pending === null;
    pending = mode;
    if (!first) return;
    requestAnimationFrame(function () {
      var chosen = traversing ? "reveal" : pending;
      pending = null;
      /* A page still being fetched: its document$ emission will land. */
      if (location.pathname !== shownPath) return;
      traversing = false;
      land(chosen);
    });
  }

  /* -------------------------------------------------------- copy controls */

  var button = document.createElement("button");
  button.type = "button";
  button.className = "moment-copy";

  /** Add a copy button after every segment's timestamp and inside every chapter heading of the page. */
  function decorate() {
    var transcript = document.querySelector(".transcript");
    if (!transcript || transcript.hasAttribute("data-moments")) return;
    transcript.setAttribute("data-moments", "");
    transcript.querySelectorAll(SEGMENT).forEach(function (segment) {
      var stamp = segment.querySelector(".ts");
      if (!stamp) return;
      var control = button.cloneNode(false);
      var label = "Copy link to " + (stamp.getAttribute("aria-label") || stamp.textContent);
      control.setAttribute("aria-label", label);
      control.title = label;
      stamp.after(control);
    });
    transcript.querySelectorAll(CHAPTER).forEach(function (heading) {
      var control = button.cloneNode(false);
      var label = "Copy link to this chapter (" + (heading.getAttribute("data-time") || "") + ")";
      control.setAttribute("aria-label", label);
      control.title = label;
      heading.appendChild(control);
    });
  }

  /** The absolute link of the moment a copy button belongs to. */
  function linkFor(control) {
    var segment = control.closest(SEGMENT);
    var fragment = segment ? segment.id : fragmentOf(Number(control.closest(CHAPTER).getAttribute("data-t")));
    return location.origin + location.pathname + "#" + fragment;
  }

  /** Copy with the old selection trick where the async clipboard is missing or refused (plain http, old browsers). */
  function copyByCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyByCommand(text); }
      );
    }
    return Promise.resolve(copyByCommand(text));
  }

  /** One polite live region for the whole session (body survives instant navigation). */
  function announce(message) {
    var region = document.getElementById("moments-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "moments-status";
      region.className = "moments-status";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = "";
    requestAnimationFrame(function () { region.textContent = message; });
  }

  function onCopyClick(control) {
    var url = linkFor(control);
    copy(url).then(function (copied) {
      if (!copied) {
        /* Last resort: put the moment in the address bar, where it can be copied by hand. */
        history.replaceState(history.state, "", url);
      }
      var message = copied ? "Copied" : "Link in address bar";
      control.setAttribute("data-feedback", message);
      control.classList.add("is-copied");
      announce(copied ? "Link to this moment copied" : "Link to this moment is in the address bar");
      clearTimeout(control.feedbackTimer);
      control.feedbackTimer = setTimeout(function () {
        control.classList.remove("is-copied");
      }, FEEDBACK_MS);
    });
  }

  /* --------------------------------------------------------------- clips */

  /** Seconds where a segment ends: its `data-end`, else the next later segment's start, else the talk's end. */
  function segmentEnd(segment, segments) {
    var end = segment.getAttribute("data-end");
    if (end) return Number(end);
    var start = Number(segment.getAttribute("data-t"));
    for (var i = segments.indexOf(segment) + 1; i < segments.length; i++) {
      var next = Number(segments[i].getAttribute("data-t"));
      if (next > start) return next;
    }
    var timeline = document.querySelector(".timeline[data-duration], .player[data-duration]");
    var duration = timeline ? Number(timeline.getAttribute("data-duration")) : 0;
    return duration > start ? duration : start + 1;
  }

  /** Where the chapter holding `seconds` ends: the next chapter's start, else the end of the last line. */
  function chapterEnd(transcript, seconds, segments) {
    var headings = transcript.querySelectorAll(CHAPTER);
    for (var i = 0; i < headings.length; i++) {
      var start = Number(headings[i].getAttribute("data-t"));
      if (start > seconds) return start;
    }
    return segments.length ? segmentEnd(segments[segments.length - 1], segments) : seconds + 1;
  }

  /** A W3C media-fragment range on whole seconds, the end rounded up so that the last word stays in. */
  function rangeOf(start, end) {
    return fragmentOf(start) + "," + fragmentOf(Math.ceil(end)).slice(2);
  }

  /** Human time for a label: `4:33`, `1:02:05`. */
  function clock(seconds) {
    var parts = fragmentOf(seconds).slice(2).split(":");
    var hours = Number(parts[0]);
    return (hours ? hours + ":" + parts[1] : String(Number(parts[1]))) + ":" + parts[2];
  }

  /** The segments a selection touches inside the transcript, first and last; null when it touches none. */
  function selectedLines(transcript, segments) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    if (!transcript.contains(range.commonAncestorContainer)) return null;
    var touched = segments.filter(function (segment) { return range.intersectsNode(segment); });
    return touched.length ? [touched[0], touched[touched.length - 1]] : null;
  }

  var clipOffer = null;

  /** The one "copy a clip" popover of the page, made on first use. */
  function clipPanel() {
    if (clipOffer && clipOffer.isConnected) return clipOffer;
    clipOffer = document.createElement("div");
    clipOffer.className = "moment-clip";
    clipOffer.setAttribute("role", "group");
    clipOffer.setAttribute("aria-label", "Copy a link to a clip");
    clipOffer.hidden = true;
    clipOffer.innerHTML = '<span class="moment-clip__label">Copy clip</span>' +
      '<button type="button" class="moment-clip__copy"></button>' +
      '<button type="button" class="moment-clip__close" aria-label="Close">×</button>';
    /* Pressing a button must not clear the selection it was offered for. */
    clipOffer.addEventListener("mousedown", function (event) { event.preventDefault(); });
    return clipOffer;
  }

  function hideClip() {
    if (clipOffer) clipOffer.hidden = true;
  }

  /**
   * Offer the range `start`–`end` as a clip link, beside the rectangle `near`
   * (viewport coordinates). The panel follows `after` in the page, so that the
   * keyboard reaches it next.
   */
  function offerClip(start, end, what, near, after) {
    var panel = clipPanel();
    if (panel.previousElementSibling !== after) after.after(panel);
    var control = panel.querySelector(".moment-clip__copy");
    control.textContent = clock(start) + " – " + clock(Math.ceil(end)) + " · " + what;
    control.setAttribute("aria-label", "Copy link to the clip from " + clock(start) + " to " + clock(Math.ceil(end)) + ", " + what);
    control.setAttribute("data-fragment", rangeOf(start, end));
    control.classList.remove("is-copied");
    panel.hidden = false;
    var width = panel.offsetWidth;
    var left = Math.min(Math.max(8, near.left), document.documentElement.clientWidth - width - 8);
    var frame = panel.offsetParent ? panel.offsetParent.getBoundingClientRect() : { left: -window.scrollX, top: -window.scrollY };
    panel.style.left = left - frame.left + "px";
    panel.style.top = near.bottom - frame.top + 6 + "px";
  }

  /** After a line's or chapter's link is copied: offer the clip from there to the end of its chapter. */
  function offerChapterClip(control) {
    var transcript = control.closest(".transcript");
    if (!transcript) return;
    var segments = Array.prototype.slice.call(transcript.querySelectorAll(SEGMENT));
    var line = control.closest(SEGMENT) || control.closest(CHAPTER);
    var start = Number(line.getAttribute("data-t"));
    var end = chapterEnd(transcript, start, segments);
    if (end > start) offerClip(start, end, "to the next chapter", control.getBoundingClientRect(), line);
  }

  function onSelection() {
    var transcript = document.querySelector(".transcript");
    if (!transcript) return;
    var segments = Array.prototype.slice.call(transcript.querySelectorAll(SEGMENT));
    var lines = selectedLines(transcript, segments);
    if (!lines) {
      if (clipOffer && !clipOffer.hidden && clipOffer.getAttribute("data-for") === "selection") hideClip();
      return;
    }
    var start = Number(lines[0].getAttribute("data-t"));
    var end = segmentEnd(lines[1], segments);
    var count = segments.indexOf(lines[1]) - segments.indexOf(lines[0]) + 1;
    var rects = window.getSelection().getRangeAt(0).getClientRects();
    var near = rects.length ? rects[rects.length - 1] : lines[1].getBoundingClientRect();
    offerClip(start, end, count === 1 ? "the selected line" : "the " + count + " selected lines", near, lines[1]);
    clipPanel().setAttribute("data-for", "selection");
  }

  function onClipClick(control) {
    var url = location.origin + location.pathname + "#" + control.getAttribute("data-fragment");
    copy(url).then(function (copied) {
      if (!copied) history.replaceState(history.state, "", url);
      control.classList.add("is-copied");
      announce(copied ? "Link to the clip copied" : "Link to the clip is in the address bar");
      setTimeout(hideClip, FEEDBACK_MS);
    });
  }

  var selectionTimer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(onSelection, 150);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideClip();
  });

  /* ------------------------------------------------------------- wiring */

  /* One delegated listener, in the capture phase so that it runs before
   * Material's instant navigation (which listens on <body>) sees the click. */
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var control = target.closest(".moment-copy");
    if (control) {
      event.preventDefault();
      onCopyClick(control);
      offerChapterClip(control);
      clipPanel().setAttribute("data-for", "copy");
      return;
    }
    var clip = target.closest(".moment-clip__copy");
    if (clip) {
      onClipClick(clip);
      return;
    }
    if (target.closest(".moment-clip__close") || !target.closest(".moment-clip")) hideClip();
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var stamp = target.closest(".transcript .ts, .transcript .ts-in");
    if (!stamp) {
      leaveToBrowser(target.closest("a[href]"));
      return;
    }
    event.preventDefault();
    /* Material leaves links with a target alone; without this it would push a
     * history entry and jump. Other listeners still see the click. */
    stamp.target = "_self";
    history.replaceState(history.state, "", stamp.getAttribute("href"));
    var transcript = stamp.closest(".transcript");
    clearHighlight(transcript);
    var moment = stamp.classList.contains("ts-in") ? stamp : stamp.closest(SEGMENT);
    highlight(moment, null);
    cue(Number(moment.getAttribute("data-t")), null, moment, true);
  }, true);

  /* Material's instant navigation fetches the page again and swaps its content
   * in on the first same-page navigation after a load: its location stream
   * starts empty, and the first location it sees passes its "another page?"
   * test. On a long talk that is a second download, a long task and a flash of
   * the highlight. Until Material has seen a location, a link to a fragment of
   * this page is left to the browser, and the browser's popstate (a fragment
   * link, the address bar, back and forward) is kept from Material. Once it has
   * seen one (an instant navigation), it no longer fetches for a same-page
   * change and is left alone. Its drawer and search still close: they also
   * follow `hashchange`. */
  var materialSawLocation = false;
  var followingLink = false;

  function leaveToBrowser(link) {
    if (materialSawLocation || !link || link.target || link.hasAttribute("download")) return;
    var url = new URL(link.href, location.href);
    if (!url.hash || url.origin !== location.origin || url.pathname !== location.pathname || url.search !== location.search) return;
    /* Material leaves links with a target alone. */
    link.target = "_self";
    followingLink = true;
    setTimeout(function () { followingLink = false; }, 0);
  }

  /* Called by a popstate listener that the page's head registers before
   * Material's (overrides/main.html): listeners on window run in the order they
   * were added, whatever their phase. True keeps the event from Material. */
  window.momentsKeepFromMaterial = function () {
    if (materialSawLocation || location.pathname !== shownPath) return false;
    traversing = !followingLink;
    followingLink = false;
    schedule("top");
    return true;
  };

  /* Material turns a same-page traversal into a location$ emission just before
   * this runs, and a cross-page one into a document$ emission later: both land
   * in "reveal" mode through this flag. */
  window.addEventListener("popstate", function () { traversing = true; });
  window.addEventListener("hashchange", function () { schedule("top"); });

  function onDocument() {
    shownPath = location.pathname;
    hideClip();
    decorate();
    var entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    var restored = entry && (entry.type === "reload" || entry.type === "back_forward") && !onDocument.seen;
    onDocument.seen = true;
    schedule(restored ? "reveal" : "top");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function (url) {
      /* A click emits here; a traversal emits here too, then sets the flag in its popstate listener. */
      materialSawLocation = true;
      traversing = false;
      if (url.pathname === shownPath) schedule("top");
    });
  }
})();
