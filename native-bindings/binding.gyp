# riskgate_native: thread pinning and memory locking for the engine's threads (Linux only).
# Built by native-bindings/build.mjs (the root package's `install` script) with npm's bundled
# node-gyp and --nodedir pointing at the headers that ship with Node, so no download is needed.
{
  "targets": [
    {
      "target_name": "riskgate_native",
      "sources": ["src/riskgate_native.c"],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"]
    }
  ]
}
