;; Claims to be a tools provider but imports an interface that neither the
;; framework nor the runtime provides: compose server refuses it.
(component
  (import "acme:db/query@1.0.0" (instance))
  (instance $tools)
  (export "wasmcp:mcp/tools@0.1.0" (instance $tools)))
