;; A tiny component used by the oci tests: it imports a logging interface and
;; exports a greeting interface. Rebuild greet.wasm with `jco parse greet.wat -o greet.wasm`.
(component
  (import "wasmcp:example/log@0.1.0" (instance $log
    (export "level" (func (result u32)))))
  (alias export $log "level" (func $level))
  (core func $level-lowered (canon lower (func $level)))
  (core module $m
    (import "log" "level" (func $level (result i32)))
    (func (export "answer") (result i32) (i32.add (call $level) (i32.const 41))))
  (core instance $imp (export "level" (func $level-lowered)))
  (core instance $i (instantiate $m (with "log" (instance $imp))))
  (func $answer (result u32) (canon lift (core func $i "answer")))
  (instance $greet (export "answer" (func $answer)))
  (export "wasmcp:example/greet@0.1.0" (instance $greet)))
