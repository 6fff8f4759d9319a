/* player.js: listen along. Play any moment of a talk, follow the line being spoken.
 *
 * A talk with audio carries `<div class="player">` (generator/render/player.py):
 * a native `<audio controls>` element, which works without this script, and our
 * own controls, hidden until this script wires them. The transcript stays the
 * page's HTML; times come from its markup: every `.seg` has `data-t` (start, in
 * seconds) and may have `data-end`, else it ends where the next segment starts.
 *
 * - Cue: moments.js resolves every `#t=` fragment and timestamp click and
 *   announces it as a `moments:cue` event; the player seeks there, and plays
 *   when a reader's click chose it (browsers allow sound only after a gesture).
 *   A range (`#t=start,end`) plays as a clip and stops at its end.
 * - Follow: the line being spoken is highlighted and marked `aria-current`; the
 *   page keeps it in view until the reader scrolls it away, then offers
 *   "Resume following". The timeline marks the chapter playing.
 * - Keys (none with a modifier, none of Material's `/ s f n p , .`, never while
 *   typing): k play/pause, j and l back and forward, [ and ] previous and next
 *   line, < and > speed.
 * - One `<audio>` element serves the whole session: it is moved to <body>, which
 *   Material's instant navigation keeps, so sound, position and speed survive
 *   going to another page and coming back. Elsewhere a small bar says what plays.
 */
(function () {
  "use strict";

  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var SPEAKING = "is-speaking";
  /* The spoken line is kept between these fractions of the window's height. */
  var FOLLOW_TOP = 0.2;
  var FOLLOW_BOTTOM = 0.7;
  /* How long after the reader's own wheel, touch or scrolling key the player leaves the page where they put it. */
  var READER_SCROLL_MS = 600;
  /* A seek closer than this to where the audio already is does not move it. */
  var SAME_PLACE_S = 0.3;
  /* How long a line stays marked after its own end, so that short pauses between lines do not flicker. */
  var PAUSE_GRACE_S = 1.5;
  /* A `moments:cue` this soon after a reader's click on a link plays. */
  var GESTURE_MS = 1500;

  var audio = null;
  var ui = null;
  var lastLinkClick = -Infinity;

  var reducedMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };

  /* ---------------------------------------------------------------- times */

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") + m : String(m)) + ":" + (s < 10 ? "0" : "") + s;
  }

  /** The transcript's lines as `{el, start, end}`, in page order. */
  function readSegments(transcript) {
    var elements = Array.prototype.slice.call(transcript.querySelectorAll(".seg[data-t]"));
    var lines = elements.map(function (el) {
      return { el: el, start: Number(el.getAttribute("data-t")), end: null };
    });
    lines.forEach(function (line, i) {
      var own = line.el.getAttribute("data-end");
      if (own) {
        line.end = Number(own);
        return;
      }
      for (var j = i + 1; j < lines.length; j++) {
        if (lines[j].start > line.start) {
          line.end = lines[j].start;
          return;
        }
      }
      line.end = Infinity;
    });
    return lines;
  }

  /** Index of the last item whose `start` is at or before `seconds` (-1 before the first). */
  function indexAt(items, seconds) {
    var low = 0;
    var high = items.length - 1;
    var found = -1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (items[mid].start <= seconds + 0.001) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /* ------------------------------------------------------------ the audio */

  /** The session's one audio element, adopted from the first page that has one. */
  function sessionAudio(pageAudio) {
    if (!audio) {
      audio = pageAudio;
      audio.removeAttribute("controls");
      audio.className = "player-session-audio";
      document.body.appendChild(audio);
      audio.addEventListener("play", function () {
        render();
        requestAnimationFrame(tick);
      });
      audio.addEventListener("pause", render);
      audio.addEventListener("ended", render);
      audio.addEventListener("ratechange", render);
      audio.addEventListener("timeupdate", onTime);
      audio.addEventListener("seeked", onTime);
      audio.addEventListener("loadedmetadata", render);
      try {
        var speed = Number(localStorage.getItem("player-speed"));
        if (SPEEDS.indexOf(speed) >= 0) audio.playbackRate = audio.defaultPlaybackRate = speed;
      } catch (error) { /* storage refused: keep 1× */ }
    } else if (pageAudio !== audio) {
      pageAudio.remove();
    }
    return audio;
  }

  /** Whether the session audio plays this page's talk. */
  function owns() {
    return Boolean(ui && audio && audio.getAttribute("data-page") === ui.page);
  }

  /** Make the session audio this page's talk (another talk stops). */
  function claim() {
    if (owns()) return;
    audio.pause();
    audio.src = ui.src;
    audio.setAttribute("data-page", ui.page);
    audio.setAttribute("data-title", ui.title);
    ui.clipEnd = null;
  }

  function play() {
    claim();
    var started = audio.play();
    if (started && started.catch) started.catch(function () { render(); });
  }

  /** Seek to `seconds` (this page's talk), playing when `andPlay`. */
  function seek(seconds, andPlay) {
    claim();
    seconds = Math.max(0, seconds);
    if (Math.abs(audio.currentTime - seconds) > SAME_PLACE_S) audio.currentTime = seconds;
    ui.follow = true;
    ui.resume.hidden = true;
    if (andPlay) play();
    onTime();
  }

  /* ------------------------------------------------------------ follow */

  /** Start or stop keeping the spoken line in view; starting brings it back into view. */
  function following(on) {
    if (!ui) return;
    ui.follow = on;
    ui.resume.hidden = on;
    if (on) reveal(true);
  }

  /* While playing, follow every frame: the highlight and a clip's end need better than `timeupdate`'s quarter second. */
  function tick() {
    if (!audio || audio.paused) return;
    onTime();
    requestAnimationFrame(tick);
  }

  /** Height of whatever is pinned to the bottom of the window (the docked player). */
  function bottomCover() {
    return ui && ui.root.classList.contains("is-docked") ? ui.bar.offsetHeight : 0;
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  /** Scroll the spoken line into the reading band when it has left it (`force`: whenever it is not there). */
  function reveal(force) {
    var line = ui && ui.current >= 0 ? ui.lines[ui.current].el : null;
    if (!line || (!force && (!ui.follow || performance.now() < (ui.readerUntil || 0)))) return;
    var box = line.getBoundingClientRect();
    var top = headerBottom() + 48;
    var bottom = (window.innerHeight - bottomCover()) * FOLLOW_BOTTOM;
    if (box.top >= top && box.bottom <= (force ? window.innerHeight - bottomCover() : bottom)) return;
    var target = window.scrollY + box.top - Math.max(top, window.innerHeight * FOLLOW_TOP);
    ui.autoScrollUntil = performance.now() + (reducedMotion.matches ? 200 : 1500);
    window.scrollTo({ top: Math.max(0, target), behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  /** A scroll the player did not make: stop following once the spoken line is out of sight. */
  function onScroll() {
    if (!ui || !owns() || audio.paused || performance.now() < ui.autoScrollUntil) return;
    var line = ui.current >= 0 ? ui.lines[ui.current].el : null;
    if (!line) return;
    var box = line.getBoundingClientRect();
    var visible = box.bottom > headerBottom() && box.top < window.innerHeight - bottomCover();
    if (!visible && ui.follow) following(false);
    else if (visible && !ui.follow) {
      ui.follow = true;
      ui.resume.hidden = true;
    }
  }

  /** Mark the line and chapter at the audio's position. */
  function onTime() {
    if (!ui) return;
    if (!owns()) {
      render();
      return;
    }
    var now = audio.currentTime;
    if (ui.clipEnd !== null && now >= ui.clipEnd - 0.05) {
      ui.clipEnd = null;
      audio.pause();
    }
    var index = indexAt(ui.lines, now);
    /* Past a line's own end (`data-end`) and its grace, in a pause before the next: nobody speaks. */
    if (index >= 0 && now > ui.lines[index].end + PAUSE_GRACE_S) index = -1;
    if (index !== ui.current) {
      if (ui.current >= 0) {
        var old = ui.lines[ui.current].el;
        old.classList.remove(SPEAKING);
        old.removeAttribute("aria-current");
      }
      ui.current = index;
      if (index >= 0) {
        var line = ui.lines[index].el;
        line.classList.add(SPEAKING);
        line.setAttribute("aria-current", "time");
        if (!audio.paused) reveal(false);
      }
    }
    var chapter = indexAt(ui.chapters, now);
    if (chapter !== ui.chapter) {
      if (ui.chapter >= 0 && ui.chapters[ui.chapter].part) ui.chapters[ui.chapter].part.classList.remove("is-playing");
      ui.chapter = chapter;
      var entry = ui.chapters[chapter];
      if (entry) {
        if (entry.part) entry.part.classList.add("is-playing");
        ui.chapterLink.textContent = entry.title;
        ui.chapterLink.href = "#" + entry.id;
        ui.chapterLink.setAttribute("aria-label", "Chapter playing: " + entry.title);
      }
    }
    render();
  }

  /* ------------------------------------------------------------ drawing */

  function render() {
    if (ui && ui.root.isConnected) drawPlayer();
    drawMini();
  }

  function drawPlayer() {
    var mine = owns();
    var playing = mine && !audio.paused;
    var now = mine ? audio.currentTime : 0;
    var length = mine && isFinite(audio.duration) && audio.duration > 0 ? audio.duration : ui.length;
    ui.root.classList.toggle("is-playing", playing);
    ui.root.classList.toggle("is-started", mine && (playing || now > 0));
    dock(ui.root);
    ui.toggle.setAttribute("aria-label", playing ? "Pause" : "Play");
    ui.toggle.title = (playing ? "Pause" : "Play") + " (k)";
    if (!ui.dragging) {
      ui.seekBar.max = String(Math.ceil(length));
      ui.seekBar.value = String(Math.floor(now));
      ui.seekBar.style.setProperty("--player-progress", length ? ((100 * now) / length).toFixed(2) + "%" : "0%");
    }
    ui.seekBar.setAttribute("aria-valuetext", clock(now) + " of " + clock(length));
    ui.now.textContent = clock(now);
    ui.lengthLabel.textContent = clock(length);
    var rate = audio ? audio.playbackRate : 1;
    ui.speed.textContent = rate + "×";
    ui.speed.setAttribute("aria-label", "Speed " + rate + "×, press for faster");
    if (ui.playhead) ui.playhead.parentNode.parentNode.classList.toggle("is-started", mine && (playing || now > 0));
    /* The timeline measures the transcript's time, which the audio may outlast or fall short of. */
    if (ui.playhead) ui.playhead.style.left = ui.timelineLength ? Math.min(100, (100 * now) / ui.timelineLength).toFixed(3) + "%" : "0";
  }

  /** Elsewhere than the talk playing: a small bar with its title, play/pause and a way back. */
  function drawMini() {
    var bar = document.querySelector(".player-mini");
    var show = audio && audio.getAttribute("data-page") && !owns() && (!audio.paused || audio.currentTime > 0);
    if (!show) {
      if (bar) bar.hidden = true;
      return;
    }
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "player-mini";
      bar.setAttribute("role", "region");
      bar.setAttribute("aria-label", "Now playing");
      bar.innerHTML =
        '<button type="button" class="player-btn player-toggle" data-mini="toggle"><span class="player-icon" aria-hidden="true"></span></button>' +
        '<a class="player-mini__title"></a><span class="player-mini__time"></span>' +
        '<button type="button" class="player-mini__close" data-mini="stop" aria-label="Stop">×</button>';
      bar.addEventListener("click", function (event) {
        var action = event.target.closest("[data-mini]");
        if (!action) return;
        if (action.getAttribute("data-mini") === "stop") {
          audio.pause();
          audio.removeAttribute("data-page");
          bar.hidden = true;
        } else if (audio.paused) {
          audio.play();
        } else {
          audio.pause();
        }
      });
      document.body.appendChild(bar);
    }
    bar.hidden = false;
    bar.classList.toggle("is-playing", !audio.paused);
    var toggle = bar.querySelector(".player-toggle");
    toggle.setAttribute("aria-label", audio.paused ? "Play" : "Pause");
    var title = bar.querySelector(".player-mini__title");
    title.textContent = audio.getAttribute("data-title") || "Talk";
    title.href = audio.getAttribute("data-page") + "#t=" + Math.floor(audio.currentTime);
    bar.querySelector(".player-mini__time").textContent = clock(audio.currentTime);
  }

  /* ------------------------------------------------------------ commands */

  function lineStep(step) {
    if (!ui.lines.length) return;
    var now = owns() ? audio.currentTime : 0;
    var index = indexAt(ui.lines, now);
    var target;
    if (step < 0) {
      /* Back to this line's start first, unless it only just began. */
      target = index >= 0 && now - ui.lines[index].start > 1.5 ? index : Math.max(0, index - 1);
    } else {
      target = index + 1;
      while (target < ui.lines.length && ui.lines[target].start <= now) target++;
      if (target >= ui.lines.length) return;
    }
    seek(ui.lines[target].start, owns() && !audio.paused);
  }

  function setSpeed(direction) {
    var at = SPEEDS.indexOf(audio.playbackRate);
    if (at < 0) at = SPEEDS.indexOf(1);
    var next = direction === 0 ? SPEEDS[(at + 1) % SPEEDS.length] : SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at + direction))];
    audio.playbackRate = audio.defaultPlaybackRate = next;
    try {
      localStorage.setItem("player-speed", String(next));
    } catch (error) { /* private mode: the speed holds for this session */ }
    announce("Speed " + next + "×");
  }

  function command(action) {
    if (!ui) return;
    var now = owns() ? audio.currentTime : 0;
    if (action === "toggle") {
      if (owns() && !audio.paused) audio.pause();
      else play();
    } else if (action === "back") seek(now - ui.skip, owns() && !audio.paused);
    else if (action === "forward") seek(now + ui.skip, owns() && !audio.paused);
    else if (action === "previous") lineStep(-1);
    else if (action === "next") lineStep(1);
    else if (action === "speed") setSpeed(0);
    else if (action === "slower") setSpeed(-1);
    else if (action === "faster") setSpeed(1);
    else if (action === "follow") following(true);
    render();
  }

  function announce(message) {
    if (!ui) return;
    ui.status.textContent = "";
    requestAnimationFrame(function () { ui.status.textContent = message; });
  }

  var KEYS = { k: "toggle", j: "back", l: "forward", "[": "previous", "]": "next", "<": "slower", ">": "faster" };

  /** Whether a key press belongs to something else: typing, a modifier, Material's open search. */
  function notForUs(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return true;
    var target = event.target instanceof Element ? event.target : null;
    if (target && (target.isContentEditable || target.closest("input, textarea, select, [contenteditable]"))) return true;
    var search = document.querySelector("[data-md-toggle=search]");
    return Boolean(search && search.checked);
  }

  document.addEventListener("keydown", function (event) {
    if (!ui || !ui.root.isConnected || notForUs(event)) return;
    var action = KEYS[event.key];
    if (!action) return;
    event.preventDefault();
    command(action);
  });

  /* A click on a same-page link (chapter list, timeline, a `#t=` link): its cue may play. */
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    /* Material makes every href absolute: a same-page link is one with a hash and this path. */
    if (link && ui && link.hash && link.pathname === location.pathname) lastLinkClick = performance.now();
  }, true);

  document.addEventListener("moments:cue", function (event) {
    if (!ui || !ui.root.isConnected) return;
    var detail = event.detail || {};
    if (typeof detail.start !== "number" || isNaN(detail.start)) return;
    var gesture = detail.gesture || performance.now() - lastLinkClick < GESTURE_MS;
    lastLinkClick = -Infinity;
    var playing = owns() && !audio.paused;
    /* Coming back to a talk already under way (history, instant navigation) keeps its place. */
    if (!gesture && owns() && (playing || audio.currentTime > 0)) return;
    seek(detail.start, gesture || playing);
    ui.clipEnd = typeof detail.end === "number" && detail.end > detail.start ? detail.end : null;
  });

  /* ------------------------------------------------------------ page */

  /** Dock the bar to the bottom of the window once the player scrolls out of sight after it started. */
  function watchDocking(root) {
    if (!("IntersectionObserver" in window)) return null;
    var observer = new IntersectionObserver(function (entries) {
      root.scrolledPast = !entries[0].isIntersecting && entries[0].boundingClientRect.top < 0;
      dock(root);
    });
    observer.observe(root);
    return observer;
  }

  /** Dock the bar while the player is scrolled past and has started; a player never used stays in its place. */
  function dock(root) {
    var docked = Boolean(root.scrolledPast) && root.classList.contains("is-started");
    if (docked === root.classList.contains("is-docked")) return;
    if (docked) {
      document.documentElement.style.setProperty("--player-height", root.querySelector(".player-bar").offsetHeight + "px");
      placeDock(root);
    }
    root.classList.toggle("is-docked", docked);
    document.documentElement.classList.toggle("player-docked", docked);
  }

  /** The docked bar spans the page's text column, whatever the sidebars beside it. */
  function placeDock(root) {
    var box = root.getBoundingClientRect();
    root.style.setProperty("--player-dock-left", box.left + "px");
    root.style.setProperty("--player-dock-width", box.width + "px");
  }

  window.addEventListener("resize", function () {
    if (ui && ui.root.isConnected) placeDock(ui.root);
  });

  function setup() {
    /* A click on the page before is not a reason to play on this one (back, forward, another page). */
    lastLinkClick = -Infinity;
    if (ui && ui.observer) ui.observer.disconnect();
    document.documentElement.classList.remove("player-docked");
    ui = null;
    var root = document.querySelector(".player[data-src]");
    var transcript = document.querySelector(".transcript");
    if (!root) {
      render();
      return;
    }
    document.documentElement.classList.add("player-js");
    var pageAudio = root.querySelector("audio");
    if (!audio) {
      sessionAudio(pageAudio);
      audio.setAttribute("data-page", location.pathname);
      audio.setAttribute("data-title", root.getAttribute("data-title") || document.title);
    } else if (pageAudio) {
      sessionAudio(pageAudio);
    }
    var controls = root.querySelector(".player-controls");
    controls.hidden = false;
    var parts = {};
    document.querySelectorAll(".timeline .tl-part").forEach(function (part) { parts[part.hash.slice(1)] = part; });
    var chapters = Array.prototype.slice.call(document.querySelectorAll(".transcript h3[data-t][id]")).map(function (heading) {
      return {
        start: Number(heading.getAttribute("data-t")),
        id: heading.id,
        title: heading.firstChild ? heading.firstChild.textContent.trim() : heading.textContent.trim(),
        part: parts[heading.id] || null,
      };
    });
    var timeline = document.querySelector(".timeline .tl-bar");
    var playhead = null;
    if (timeline) {
      playhead = document.createElement("span");
      playhead.className = "tl-playhead";
      playhead.setAttribute("aria-hidden", "true");
      timeline.appendChild(playhead);
      timeline.parentNode.classList.add("has-player");
    }
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    root.appendChild(status);
    ui = {
      root: root,
      bar: root.querySelector(".player-bar"),
      src: root.getAttribute("data-src"),
      page: location.pathname,
      title: root.getAttribute("data-title") || document.title,
      length: Number(root.getAttribute("data-duration")) || 0,
      skip: Number(root.getAttribute("data-skip")) || 10,
      lines: transcript ? readSegments(transcript) : [],
      chapters: chapters,
      current: -1,
      chapter: -1,
      follow: true,
      clipEnd: null,
      autoScrollUntil: 0,
      dragging: false,
      toggle: root.querySelector("[data-action=toggle]"),
      seekBar: root.querySelector(".player-seek"),
      now: root.querySelector(".player-now"),
      lengthLabel: root.querySelector(".player-length"),
      speed: root.querySelector(".player-speed"),
      chapterLink: root.querySelector(".player-chapter"),
      resume: root.querySelector(".player-follow"),
      playhead: playhead,
      timelineLength: timeline ? Number(timeline.parentNode.getAttribute("data-duration")) : 0,
      status: status,
      observer: watchDocking(root),
    };
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (button) command(button.getAttribute("data-action"));
    });
    ui.seekBar.addEventListener("input", function () {
      ui.dragging = true;
      ui.now.textContent = clock(Number(ui.seekBar.value));
    });
    ui.seekBar.addEventListener("change", function () {
      ui.dragging = false;
      seek(Number(ui.seekBar.value), owns() && !audio.paused);
    });
    if (chapters.length) {
      ui.chapterLink.textContent = chapters[0].title;
      ui.chapterLink.href = "#" + chapters[0].id;
    } else {
      ui.chapterLink.hidden = true;
    }
    onTime();
  }

  window.addEventListener("scroll", function () {
    if (ui) requestAnimationFrame(onScroll);
  }, { passive: true });

  /* The reader's own wheel, touch or scrolling key ends the player's scroll at once,
   * and for a moment the player does not scroll back: what follows is the reader's
   * scroll, and `onScroll` decides whether the spoken line is still in sight. */
  var SCROLL_KEYS = ["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"];
  function readerScrolls(event) {
    if (!ui || (event.type === "keydown" && SCROLL_KEYS.indexOf(event.key) < 0)) return;
    ui.autoScrollUntil = 0;
    ui.readerUntil = performance.now() + READER_SCROLL_MS;
  }
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, readerScrolls, { passive: true });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
