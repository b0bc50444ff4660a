// The service worker of 在线填写, scoped to this page's folder: after one visit the page,
// the theme's files it used, Pyodide and the Python archive come from this cache, so the
// form works with the network cut. The version comes from the registering URL (sw.js?v=…),
// so a new site build installs a new cache and drops the old one.
const VERSION = new URL(self.location.href).searchParams.get("v") || "0";
const CACHE = `taskbook-fill-${VERSION}`;
const FRESH = /(?:\/|\.html|form\.json|cities\.json)$/; // network first: the page and its data

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch("form.json", { cache: "reload" });
    const files = (await response.clone().json()).site.precache;
    await cache.put("form.json", response);
    await cache.addAll(["./", ...files].map((url) => new Request(url, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("taskbook-fill-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type !== "cache") return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of event.data.urls) {
      if (new URL(url).origin !== self.location.origin || await cache.match(url)) continue;
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {
        // Left for the next visit.
      }
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const url = new URL(request.url);
    url.search = "";
    if (request.mode === "navigate" || FRESH.test(url.pathname)) {
      try {
        const response = await fetch(request);
        if (response.ok) await cache.put(request.mode === "navigate" ? "./" : request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(request.mode === "navigate" ? "./" : request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    }
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  })());
});
