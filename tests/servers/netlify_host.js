// A static host that serves a site folder the way Netlify documents it, with Netlify's own
// redirect engine (the npm package netlify-redirector) deciding every redirect.
//
// usage: node netlify_host.js SITE_DIR PORT
//
// What this file adds around the engine, from Netlify's documentation:
// - shadowing: a rule without "!" does not apply where a file exists (a folder with an
//   index.html counts; asked without its slash, it answers 301 to the slash form);
// - the request's query is passed on for 200, 301 and 302 rules whose target has none;
// - the engine sees the path as the browser sent it (percent-encoded, dot segments resolved);
// - 200 rules serve the target's file; 404 rules answer 404;
// - request hygiene the engine does not do: an encoded NUL or a ".." segment answers 400, an
//   encoded slash 404, as the CDN refuses them;
// - the Location is percent-encoded where the target is not (an HTTP header cannot carry
//   raw control characters or spaces).
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");
const redirector = require("netlify-redirector");

const [root, port] = process.argv.slice(2);
const rules = fs.readFileSync(path.join(root, "_redirects"), "utf8");

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch (err) {
    return false;
  }
}

function decode(p) {
  try {
    return decodeURIComponent(p);
  } catch (err) {
    return p;
  }
}

// "file" for a file or a folder's index page, "folder" for a folder asked without its slash
function served(pathname) {
  const local = path.join(root, decode(pathname));
  if (!local.startsWith(root)) return null;
  if (pathname.endsWith("/")) return isFile(path.join(local, "index.html")) ? "file" : null;
  if (isFile(local)) return "file";
  return isFile(path.join(local, "index.html")) ? "folder" : null;
}

function encodeLocation(url) {
  return url.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]/gu, (c) => encodeURIComponent(c));
}

function withQuery(target, query) {
  if (!query) return target;
  const hash = target.indexOf("#");
  const head = hash < 0 ? target : target.slice(0, hash);
  if (head.indexOf("?") >= 0) return target;
  return head + "?" + query + (hash < 0 ? "" : target.slice(hash));
}

function answer(res, status, location) {
  res.writeHead(status, location ? { Location: encodeLocation(location) } : {});
  res.end();
}

redirector.parsePlain(rules, {}).then((matcher) => {
  const server = http.createServer((req, res) => {
    const raw = req.url;
    const q = raw.indexOf("?");
    const rawPath = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? "" : raw.slice(q + 1);
    if (/%00/.test(rawPath) || rawPath.split("/").some((s) => /^(\.|%2e){2}$/i.test(s))) return answer(res, 400);
    if (/%2f/i.test(rawPath)) return answer(res, 404);
    const pathname = new URL("http://127.0.0.1" + rawPath).pathname; // "//x/" is a path here, not a host
    const match = matcher.match({
      scheme: "http", host: "127.0.0.1", path: pathname, query: query,
      getHeader: () => "", getCookie: () => "",
    });
    const file = served(pathname);
    if (file && !(match && match.force)) {
      return file === "folder" ? answer(res, 301, withQuery(pathname + "/", query)) : answer(res, 200);
    }
    if (!match) return answer(res, 404);
    if (match.status === 200) return answer(res, served(match.to.split(/[?#]/)[0]) === "file" ? 200 : 404);
    if (match.status === 404) return answer(res, 404);
    const passQuery = [200, 301, 302].indexOf(match.status) >= 0;
    return answer(res, match.status, passQuery ? withQuery(match.to, query) : match.to);
  });
  server.listen(Number(port), "127.0.0.1");
});
