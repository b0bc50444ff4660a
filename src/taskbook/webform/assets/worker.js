// The page's Python: Pyodide (vendored with the site, never from a CDN) with taskbook and
// its pure-Python dependencies unpacked from one archive built with the site. Requests are
// answered by taskbook.webform.page, one at a time, in the order they come.
let handle = null;
let started = null;

async function start({ python, pyodide: pyodideDir }) {
  const began = performance.now();
  const indexURL = new URL(pyodideDir, self.location.href).href;
  const [{ loadPyodide }, archive] = await Promise.all([
    import(new URL("pyodide.mjs", indexURL).href),
    fetch(new URL(python, self.location.href)).then((response) => {
      if (!response.ok) throw new Error(`${python}: ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  const pyodide = await loadPyodide({ indexURL, packages: [], stdout: () => {}, stderr: () => {} });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  pyodide.unpackArchive(archive, "zip", { extractDir: sitePackages });
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  handle = pyodide.pyimport("taskbook.webform.page").handle;
  return { ms: Math.round(performance.now() - began) };
}

self.onmessage = async ({ data }) => {
  const { id, op, request } = data;
  try {
    if (op === "start") {
      started ??= start(request);
      self.postMessage({ id, ok: true, result: await started });
      return;
    }
    await started;
    const answer = handle(JSON.stringify(request));
    self.postMessage({ id, ok: true, result: JSON.parse(answer) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error?.message ?? error).split("\n").slice(-3).join(" ") });
  }
};
