/*
 * Navigation filter: a filter box above the sidebar navigation.
 *
 * Typing narrows the navigation to the entries whose titles contain every word of
 * the query (case- and accent-insensitive), with the ancestors of each match shown
 * and expanded and the matched text highlighted. Escape or the clear button brings
 * the navigation back exactly as it was: the original markup is only hidden while
 * filtering, never changed. The query survives instant navigation (sessionStorage).
 *
 * Data: the JSON tree that overrides/main.html writes into #__nav-filter-data (the
 * rendered sidebar is pruned, so it does not hold every page). No framework; every
 * text goes into the DOM through textContent.
 */
(function () {
  "use strict";

  var STORE = "urlkeeper.nav-filter.query";
  var script = document.currentScript;
  /* Site root: this file is <root>/assets/javascripts/nav-filter.js */
  var root = new URL("../../", script ? script.src : location.href);
  var tree = null;
  var home = root;

  /* ---- Text folding ---------------------------------------------------- */

  /* Lower-case and strip accents; map[i] is the index in the original string of
     the character that produced folded character i (for highlighting). */
  function fold(text) {
    var out = "";
    var map = [];
    var i = 0;
    for (var ch of text) {
      var f = ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
      for (var k = 0; k < f.length; k++) map.push(i);
      out += f;
      i += ch.length;
    }
    map.push(i);
    return { text: out, map: map };
  }

  function words(query) {
    return fold(query).text.split(/\s+/).filter(Boolean);
  }

  /* Ranges [start, end) of the original title matched by the words, or null
     unless every word occurs. */
  function match(node, terms) {
    var ranges = [];
    for (var w = 0; w < terms.length; w++) {
      var term = terms[w];
      var at = node.folded.text.indexOf(term);
      if (at < 0) return null;
      while (at >= 0) {
        ranges.push([node.folded.map[at], node.folded.map[at + term.length]]);
        at = node.folded.text.indexOf(term, at + term.length);
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* ---- Data ------------------------------------------------------------ */

  function plainText(title) {
    if (!/[<&]/.test(title)) return title;
    /* Titles may carry markup or entities: take the text of an inert document */
    return new DOMParser().parseFromString(title, "text/html").body.textContent || title;
  }

  function prepare(items) {
    return items.map(function (item) {
      var title = plainText(String(item.t || "")).trim();
      var href = null;
      if (typeof item.u === "string") {
        try {
          var url = new URL(item.u, root);
          if (/^https?:$/.test(url.protocol)) href = url.href;
        } catch (err) { href = null; }
      }
      return {
        title: title,
        folded: fold(title),
        href: href,
        external: !!item.x,
        children: prepare(item.c || [])
      };
    });
  }

  function load() {
    if (tree) return tree;
    var el = document.getElementById("__nav-filter-data");
    if (!el) return null;
    try {
      var data = JSON.parse(el.textContent);
      tree = prepare(data.items || []);
      if (typeof data.home === "string") {
        var url = new URL(data.home, root);
        if (url.origin === root.origin) home = url;
      }
    } catch (err) {
      tree = null;
    }
    return tree;
  }

  /* Entries to show: a matching entry with everything below it, or an entry with
     a matching descendant (then it is shown as an expanded ancestor). */
  function select(nodes, terms, inside) {
    var out = [];
    nodes.forEach(function (node) {
      var ranges = match(node, terms);
      var children = select(node.children, terms, inside || !!ranges);
      var hits = children.reduce(function (n, c) { return n + c.hits; }, ranges ? 1 : 0);
      if (ranges || hits || inside)
        out.push({ node: node, ranges: ranges, children: children, hits: hits });
    });
    return out;
  }

  /* ---- DOM ------------------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text != null) node.textContent = text;
    return node;
  }

  function highlighted(parent, title, ranges) {
    var pos = 0;
    (ranges || []).forEach(function (r) {
      if (r[0] > pos) parent.appendChild(document.createTextNode(title.slice(pos, r[0])));
      parent.appendChild(el("mark", { className: "nf-mark" }, title.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < title.length) parent.appendChild(document.createTextNode(title.slice(pos)));
    return parent;
  }

  function samePage(href) {
    var url = new URL(href);
    return url.origin === location.origin && url.pathname === location.pathname;
  }

  function renderList(entries, level) {
    var list = el("ul", { className: "nf-list" + (level ? " nf-list--nested" : "") });
    entries.forEach(function (entry) {
      var node = entry.node;
      var item = el("li", { className: "nf-item" + (entry.children.length ? " nf-item--section" : "") });
      var label;
      if (node.href) {
        label = el("a", { className: "nf-link", href: node.href });
        if (node.external) label.rel = "noopener";
        if (samePage(node.href)) label.setAttribute("aria-current", "page");
      } else {
        label = el("span", { className: "nf-link nf-link--plain" });
      }
      if (entry.ranges) label.classList.add("nf-link--match");
      highlighted(label, node.title, entry.ranges);
      item.appendChild(label);
      if (entry.children.length) item.appendChild(renderList(entry.children, level + 1));
      list.appendChild(item);
    });
    return list;
  }

  /* The full-text search of the home page (Material opens it for ?q=) */
  function searchHref(query) {
    var base = new URL(home.href);
    base.search = "";
    base.hash = "";
    base.searchParams.set("q", query);
    return base.href;
  }

  /* Open Material's search dialog with the query (the link works without it too). */
  function openSearch(query, event) {
    var input = document.querySelector("[data-md-component=search-query]");
    var toggle = document.getElementById("__search");
    if (!input || !toggle) return;
    event.preventDefault();
    /* not a page change: keep Material's instant navigation out of it */
    event.stopPropagation();
    var drawer = document.getElementById("__drawer");
    if (drawer && drawer.checked) drawer.click();
    if (!toggle.checked) toggle.click();
    input.value = query;
    input.focus();
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  function mount() {
    var nav = document.querySelector(".md-sidebar--primary .md-nav--primary");
    if (!nav || nav.querySelector(":scope > .nf")) return;
    var data = load();
    if (!data || !data.length) return;

    var id = "__nav-filter";
    var box = el("div", { className: "nf", role: "search" });
    box.setAttribute("aria-label", "Pages");
    var label = el("label", { className: "nf-hidden", for: id }, "Filter pages by title");
    var field = el("div", { className: "nf-field" });
    var input = el("input", {
      id: id, className: "nf-input", type: "search", placeholder: "Filter pages",
      autocomplete: "off", autocapitalize: "off", spellcheck: "false",
      "aria-controls": id + "-results", "aria-describedby": id + "-status"
    });
    var clear = el("button", { className: "nf-clear", type: "button", title: "Clear filter" });
    clear.setAttribute("aria-label", "Clear filter");
    clear.hidden = true;
    var status = el("p", { id: id + "-status", className: "nf-status", role: "status" });
    status.setAttribute("aria-live", "polite");
    var results = el("div", { id: id + "-results", className: "nf-results" });
    results.hidden = true;

    field.appendChild(input);
    field.appendChild(clear);
    box.appendChild(label);
    box.appendChild(field);
    box.appendChild(status);

    /* Below the drawer title (and the repository link) when there is one */
    var after = nav.querySelector(":scope > .md-nav__source") || nav.querySelector(":scope > .md-nav__title");
    nav.insertBefore(box, after ? after.nextSibling : nav.firstChild);
    nav.insertBefore(results, box.nextSibling);
    nav.classList.add("nf-ready");

    function apply(query, remember) {
      var terms = words(query);
      if (remember) {
        try {
          if (query.trim()) sessionStorage.setItem(STORE, query);
          else sessionStorage.removeItem(STORE);
        } catch (err) { /* storage may be disabled */ }
      }
      clear.hidden = !query;
      results.textContent = "";
      if (!terms.length) {
        nav.classList.remove("nf-active");
        results.hidden = true;
        status.textContent = "";
        return;
      }
      var entries = select(data, terms, false);
      var hits = entries.reduce(function (n, e) { return n + e.hits; }, 0);
      if (hits) {
        results.appendChild(renderList(entries, 0));
        status.textContent = hits === 1 ? "1 page matches" : hits + " pages match";
      } else {
        var empty = el("p", { className: "nf-empty" }, "No pages match \u201c" + query.trim() + "\u201d. ");
        var link = el("a", { className: "nf-search", href: searchHref(query.trim()) },
          "Search the full text instead");
        link.addEventListener("click", function (ev) { openSearch(query.trim(), ev); });
        empty.appendChild(link);
        results.appendChild(empty);
        status.textContent = "No pages match";
      }
      results.hidden = false;
      nav.classList.add("nf-active");
    }

    function reset() {
      input.value = "";
      apply("", true);
      input.focus();
    }

    function links() {
      return Array.prototype.slice.call(results.querySelectorAll("a"));
    }

    input.addEventListener("input", function () { apply(input.value, true); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        if (input.value) {
          ev.preventDefault();
          ev.stopPropagation();
          reset();
        }
      } else if (ev.key === "ArrowDown") {
        var first = links()[0];
        if (first) {
          ev.preventDefault();
          first.focus();
        }
      } else if (ev.key === "Enter") {
        /* Enter opens the first matching page */
        var best = results.querySelector("a.nf-link--match") || links()[0];
        if (best) {
          ev.preventDefault();
          best.click();
        }
      }
    });
    clear.addEventListener("click", reset);
    results.addEventListener("keydown", function (ev) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        var next = at + (ev.key === "ArrowDown" ? 1 : -1);
        if (next < 0) input.focus();
        else if (all[next]) all[next].focus();
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        reset();
      }
    });

    /* Narrow screens: the drawer's sub-panels start below the filter box */
    function offset() {
      nav.style.setProperty("--nf-offset", (box.offsetTop + box.offsetHeight) + "px");
    }
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(offset);
      watch.observe(nav);
      watch.observe(box);
    }
    offset();

    var saved = "";
    try { saved = sessionStorage.getItem(STORE) || ""; } catch (err) { saved = ""; }
    if (saved) {
      input.value = saved;
      apply(saved, false);
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(function () { mount(); });
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", mount);
  else
    mount();
})();
