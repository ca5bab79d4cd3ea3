// A static host that serves a site folder through Cloudflare Pages' own code: the npm package
// @cloudflare/pages-shared parses _redirects (metadata-generator/parseRedirects), builds the
// deployment metadata (createMetadataObject) and answers every request (asset-server/handler:
// static rules by exact path, then dynamic rules in order, then its HTML handling of the
// files: /x/ serves /x/index.html, /x and /x/index.html answer 308 to /x/, and so on).
//
// usage: node cloudflare_host.js SITE_DIR PORT
//
// The package ships TypeScript sources; they are compiled here with the typescript package's
// transpileModule, as they are. What this file adds around the handler is only the site's
// files as the asset store (a path is an asset when the decoded file exists); not-found
// answers are the handler's own (the nearest 404.html walking up, with status 404; without
// one, a top-level index.html as a single-page application). A _redirects line that
// Cloudflare's parser rejects stops the host: the test must see every rule it wrote in force.
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");
const ts = require("typescript");

const SHARED = path.dirname(require.resolve("@cloudflare/pages-shared/package.json"));

require.extensions[".ts"] = function compile(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};

const { parseRedirects } = require(path.join(SHARED, "metadata-generator", "parseRedirects.ts"));
const { createMetadataObject } = require(path.join(SHARED, "metadata-generator", "createMetadataObject.ts"));
const { generateHandler } = require(path.join(SHARED, "asset-server", "handler.ts"));

const [root, port] = process.argv.slice(2);
const redirects = parseRedirects(fs.readFileSync(path.join(root, "_redirects"), "utf8"));
if (redirects.invalid.length) {
  for (const bad of redirects.invalid) console.error(`_redirects:${bad.lineNumber || "?"}: ${bad.message} (${bad.line || ""})`);
  process.exit(3);
}
const quiet = { debug() {}, log() {}, info() {}, warn() {}, error: console.error };
const metadata = createMetadataObject({ redirects, logger: quiet });

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch (err) {
    return false;
  }
}

// the asset store: an entry is the file's path inside the site folder
async function findAssetEntryForPath(assetPath) {
  const local = path.join(root, assetPath);
  if (!local.startsWith(root + path.sep)) return null;
  return isFile(local) ? local : null;
}

const server = http.createServer(async (req, res) => {
  try {
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, { method: req.method });
    const response = await generateHandler({
      request,
      metadata,
      logError: (err) => console.error(err),
      findAssetEntryForPath,
      getAssetKey: (entry) => entry,
      negotiateContent: () => ({ encoding: null }),
      fetchAsset: async (key) => ({ body: fs.readFileSync(key), contentType: "text/html" }),
    });
    const headers = {};
    const location = response.headers.get("location");
    if (location !== null) headers.Location = location;
    res.writeHead(response.status, headers);
    res.end();
  } catch (err) {
    console.error(err);
    res.writeHead(500);
    res.end();
  }
});
server.listen(Number(port), "127.0.0.1");
