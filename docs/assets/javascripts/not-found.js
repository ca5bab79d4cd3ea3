/*
 * 404 page: find the page that moved.
 *
 * 1. Look the requested path up in redirects.json (written by urlkeeper at the site
 *    root) and go straight to the new page, keeping #fragment and ?query.
 * 2. Otherwise suggest the closest pages from Material's search index, and offer a
 *    search for the last path segment.
 *
 * Only same-site addresses are ever followed or linked. No framework; all text goes
 * into the DOM through textContent.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  /* Site root: this file is <root>/assets/javascripts/not-found.js */
  var root = new URL("../../", script ? script.src : location.href);
  var box = document.getElementById("__not-found");
  if (!box) return;

  function part(name) {
    return box.querySelector("[data-nf404-" + name + "]");
  }

  /* ---- Paths ----------------------------------------------------------- */

  /* A path as servers compare it (urlkeeper.urls.normalize_path): escapes decoded
     except those of / ? # % \ and control characters (kept, upper-case hex), repeated
     slashes merged, dot segments removed. */
  function hex(c) {
    return "%" + ("0" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-2);
  }

  function normalize(path) {
    path = path.replace(/(?:%[0-9A-Fa-f]{2})+/g, function (run) {
      var text;
      try {
        text = decodeURIComponent(run);
      } catch (err) {
        return run.toUpperCase();
      }
      return text.replace(/[\/?#%\\\u0000-\u001f\u007f]/g, hex);
    });
    path = path.replace(/\/{2,}/g, "/");
    var out = [];
    var parts = path.split("/");
    parts.forEach(function (seg, i) {
      var last = i === parts.length - 1;
      if (seg === ".") {
        if (last) out.push("");
      } else if (seg === "..") {
        if (out.length > 1) out.pop();
        if (last) out.push("");
      } else {
        out.push(seg);
      }
    });
    return out.join("/");
  }

  /* The key form of a path (urlkeeper.urls.canonical): normalized, then /x/index.html,
     /x.html and /x all give /x/; a file with another extension is kept as it is. */
  function canonical(path) {
    if (path.charAt(0) !== "/") path = "/" + path;
    path = normalize(path);
    if (/\/index\.html$/.test(path)) return path.slice(0, -"index.html".length);
    if (/\.html$/.test(path)) return path.slice(0, -".html".length) + "/";
    if (path.slice(-1) === "/") return path;
    var last = path.slice(path.lastIndexOf("/") + 1);
    return last.indexOf(".") >= 0 ? path : path + "/";
  }

  function decode(path) {
    try {
      return decodeURIComponent(path);
    } catch (err) {
      return path;
    }
  }

  function within(path, prefix) {
    return !!prefix && (path === prefix || path.indexOf(prefix + "/") === 0);
  }

  /* A URL inside this site (same origin, under the site root), or null */
  function onSite(url) {
    return url.origin === location.origin && url.pathname.indexOf(root.pathname) === 0;
  }

  /* ---- Redirect rules -------------------------------------------------- */

  function Rules(doc) {
    this.base = typeof doc.base_path === "string" ? doc.base_path.replace(/\/+$/, "") : "";
    this.lang = typeof doc.language_prefix === "string" ? doc.language_prefix.replace(/\/+$/, "") : "";
    this.exact = doc.exact && typeof doc.exact === "object" ? doc.exact : {};
    this.prefix = Array.isArray(doc.prefix) ? doc.prefix : [];
    this.legacyHtml = doc.legacy_html === true;
  }

  /* Sources may or may not carry the base path; keys are compared without it. */
  Rules.prototype.inner = function (path) {
    return this.base && within(path, this.base) ? path.slice(this.base.length) || "/" : path;
  };

  /* A rule source also matches its form without the language prefix. */
  Rules.prototype.forms = function (source) {
    var path = this.inner(canonical(String(source)));
    var out = [path];
    if (this.lang && path.indexOf(this.lang + "/") === 0) out.push(path.slice(this.lang.length));
    return out;
  };

  /* {target, rest} for a path inside the site (without base path), or null.
     Exact beats prefix; the longest prefix wins; the literal form beats the
     language-less one; then the first rule. */
  Rules.prototype.find = function (path) {
    var self = this;
    var bare = null;
    var keys = Object.keys(this.exact);
    for (var i = 0; i < keys.length; i++) {
      var forms = this.forms(keys[i]);
      if (forms[0] === path) return { target: this.exact[keys[i]], rest: null };
      if (!bare && forms[1] === path) bare = { target: this.exact[keys[i]], rest: null };
    }
    if (bare) return bare;
    var best = null;
    this.prefix.forEach(function (rule) {
      if (!Array.isArray(rule) || rule.length < 2) return;
      self.forms(rule[0]).forEach(function (form, n) {
        var fits = form.slice(-1) === "/" ? path.indexOf(form) === 0 : within(path, form);
        if (!fits) return;
        var rank = form.length * 2 - n;
        if (!best || rank > best.rank)
          best = { target: rule[1], rest: path.slice(form.length).replace(/^\//, ""), rank: rank };
      });
    });
    return best;
  };

  /* The absolute URL a rule target points to, or null when it is not a plain
     site-relative path (never //host, never a scheme). */
  Rules.prototype.resolve = function (target, rest) {
    if (typeof target !== "string") return null;
    var hashAt = target.indexOf("#");
    var fragment = hashAt < 0 ? null : target.slice(hashAt);
    var path = hashAt < 0 ? target : target.slice(0, hashAt);
    var queryAt = path.indexOf("?");
    var query = queryAt < 0 ? null : path.slice(queryAt);
    if (queryAt >= 0) path = path.slice(0, queryAt);
    if (path.slice(-1) === "*") path = path.slice(0, -1) + (rest || "");
    if (!/^\/(?![\/\\])/.test(path) || /[\s\\\u0000-\u001f\u007f]/.test(path)) return null;
    if (this.base && !within(path, this.base)) path = this.base + path;
    var url;
    try {
      url = new URL(path, location.origin);
    } catch (err) {
      return null;
    }
    if (!onSite(url)) return null;
    url.search = query !== null ? query : location.search;
    url.hash = fragment !== null ? fragment : location.hash;
    return url;
  };

  Rules.prototype.destination = function () {
    var self = this;
    var raw = canonical(location.pathname);
    var tries = [raw, canonical(decode(location.pathname))].filter(function (p, i, all) {
      return all.indexOf(p) === i;
    });
    for (var i = 0; i < tries.length; i++) {
      var hit = self.find(self.inner(tries[i]));
      if (!hit) continue;
      var url = self.resolve(hit.target, hit.rest);
      /* A splat rule answers only with a live page: a target that is itself an exact rule's
         source (a chain) is not one, so the URL stays a 404 (the HEAD check below covers a
         missing target) */
      if (url && hit.rest !== null && /\*$/.test(String(hit.target).split("#")[0])) {
        var next = self.find(self.inner(canonical(decode(url.pathname))));
        if (next && next.rest === null) continue;
      }
      /* Never loop back to the page we are on */
      if (url && canonical(url.pathname) !== raw) return url;
    }
    /* legacy_forms: [html]: /x.html is the old address of the page /x/ (checked to exist) */
    if (this.legacyHtml && /\.html$/.test(location.pathname) && !/\/index\.html$/.test(location.pathname))
      return self.resolve(self.inner(raw), null);
    return null;
  };

  /* ---- Suggestions ----------------------------------------------------- */

  var STOP = ["en", "index", "html", "htm", "md", "the", "a", "an", "and", "of", "to"];

  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) {
      return t && STOP.indexOf(t) < 0;
    });
  }

  /* Optimal string alignment distance (Levenshtein plus transpositions) */
  function distance(a, b) {
    var d = [];
    for (var i = 0; i <= a.length; i++) {
      d[i] = [i];
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { d[i][j] = j; continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  function similar(a, b) {
    if (a === b) return 1;
    var sim = 1 - distance(a, b) / Math.max(a.length, b.length);
    var short = Math.min(a.length, b.length);
    if (short >= 3 && (a.indexOf(b) === 0 || b.indexOf(a) === 0)) sim = Math.max(sim, 0.75);
    return sim;
  }

  /* Mean over the wanted words of their best match among the candidates
     (a word less than half similar counts as no match) */
  function cover(wanted, candidates) {
    if (!wanted.length || !candidates.length) return 0;
    var sum = 0;
    wanted.forEach(function (w) {
      var best = 0;
      candidates.forEach(function (c) { best = Math.max(best, similar(w, c)); });
      sum += best >= 0.5 ? best : 0;
    });
    return sum / wanted.length;
  }

  function bigrams(text) {
    var out = {};
    for (var i = 0; i < text.length - 1; i++) out[text.substr(i, 2)] = (out[text.substr(i, 2)] || 0) + 1;
    return out;
  }

  function dice(a, b) {
    var x = bigrams(a), y = bigrams(b), both = 0, total = 0, k;
    for (k in x) { total += x[k]; if (y[k]) both += Math.min(x[k], y[k]); }
    for (k in y) total += y[k];
    return total ? (2 * both) / total : 0;
  }

  function plainText(title) {
    if (!/[<&]/.test(title)) return title;
    return new DOMParser().parseFromString(title, "text/html").body.textContent || title;
  }

  function segments(path, lang) {
    var parts = decode(path).replace(/\.html?$/, "").split("/").filter(Boolean);
    if (lang && parts[0] === lang.replace(/^\//, "")) parts.shift();
    if (parts[parts.length - 1] === "index") parts.pop();
    return parts;
  }

  function suggest(docs, lang) {
    var wanted = segments(location.pathname.slice(root.pathname.length - 1), lang);
    if (!wanted.length) return [];
    var last = tokens(wanted[wanted.length - 1]);
    var all = tokens(wanted.join(" "));
    var flat = fold(wanted.join("/"));
    var seen = {};
    var scored = [];
    docs.forEach(function (doc) {
      if (!doc || typeof doc.location !== "string" || doc.location.indexOf("#") >= 0) return;
      var url;
      try {
        url = new URL(doc.location, root);
      } catch (err) {
        return;
      }
      if (!onSite(url) || seen[url.pathname]) return;
      seen[url.pathname] = true;
      var title = plainText(String(doc.title || "")).trim();
      var parts = segments(url.pathname.slice(root.pathname.length - 1), lang);
      if (!parts.length) return;
      var titleWords = tokens(title);
      var score =
        0.5 * cover(last, tokens(parts[parts.length - 1]).concat(titleWords)) +
        0.3 * cover(all, tokens(parts.join(" ")).concat(titleWords)) +
        0.2 * dice(flat, fold(parts.join("/")));
      scored.push({ url: url, title: title || parts[parts.length - 1], score: score });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.url.pathname.length - b.url.pathname.length; });
    var floor = Math.max(0.35, scored.length ? scored[0].score * 0.4 : 0);
    return scored.filter(function (s) { return s.score >= floor; }).slice(0, 5);
  }

  /* ---- Page ------------------------------------------------------------ */

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) throw new Error(res.status + " " + url);
      return res.json();
    });
  }

  function say(text, link) {
    var status = part("status");
    status.textContent = text;
    if (link) {
      status.appendChild(document.createTextNode(" "));
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = decode(link.pathname) + link.hash;
      status.appendChild(a);
    }
  }

  function showSuggestions(found) {
    var list = part("list");
    list.textContent = "";
    found.forEach(function (hit) {
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.url.href;
      a.textContent = hit.title;
      var where = document.createElement("span");
      where.className = "nf404-where";
      where.textContent = decode(hit.url.pathname);
      item.appendChild(a);
      item.appendChild(where);
      list.appendChild(item);
    });
    part("suggestions").hidden = !found.length;
  }

  function searchLink() {
    var words = segments(location.pathname.slice(root.pathname.length - 1), "");
    var term = (words[words.length - 1] || "").replace(/[-_.+~]+/g, " ").trim();
    var link = part("search");
    if (!term || !link) return;
    var url;
    try {
      url = new URL(box.getAttribute("data-home") || root.href, root);
    } catch (err) {
      url = new URL(root.href);
    }
    if (!onSite(url)) url = new URL(root.href);
    url.search = "";
    url.hash = "";
    url.searchParams.set("q", term);
    link.href = url.href;
    link.textContent = "Search the portal for \u201c" + term + "\u201d";
    /* Open Material's search right here; the link itself opens it on the home page */
    link.addEventListener("click", function (ev) {
      var input = document.querySelector("[data-md-component=search-query]");
      var toggle = document.getElementById("__search");
      if (!input || !toggle || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      /* not a page change: keep Material's instant navigation out of it */
      ev.stopPropagation();
      if (!toggle.checked) toggle.click();
      input.value = term;
      input.focus();
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  function notFoundHere(url) {
    /* HEAD first: a rule pointing at a missing page must not bounce between 404s */
    return fetch(url.pathname + url.search, { method: "HEAD", credentials: "same-origin" })
      .then(function (res) { return res.status === 404 || res.status === 410; })
      .catch(function () { return false; });
  }

  var path = part("path");
  if (path) path.textContent = decode(location.pathname);
  searchLink();
  say("Looking for the new address of this page\u2026");

  var lang = "";
  fetchJson(new URL("redirects.json", root).href)
    .then(function (doc) {
      var rules = new Rules(doc || {});
      lang = rules.lang;
      var url = rules.destination();
      if (!url) return false;
      return notFoundHere(url).then(function (missing) {
        if (missing) return false;
        say("This page moved to", url);
        location.replace(url.href);
        return true;
      });
    })
    .catch(function () { return false; })
    .then(function (moved) {
      if (moved) return;
      return fetchJson(new URL("search/search_index.json", root).href)
        .then(function (index) {
          var found = suggest((index && index.docs) || [], lang || "/en");
          showSuggestions(found);
          say(found.length === 1 ? "One page has a similar address or title." :
            found.length ? found.length + " pages have similar addresses or titles." :
            "No page with a similar address or title was found.");
        })
        .catch(function () {
          say("Use the navigation or the search to find the page.");
        });
    });
})();
