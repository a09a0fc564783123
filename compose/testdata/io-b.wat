;; Imports a different subset of the interfaces io-a imports, at version
;; 0.2.3, plus wasi:cli/stdout@0.2.3 (which uses streams' output-stream).
;; Exports test:x/b@0.1.0 { g: func() -> u32 } (g returns 8).
(component
  (import "wasi:io/error@0.2.3" (instance $err
    (export "error" (type (sub resource)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $error' (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-err (own $error'))
    (type $se (variant (case "last-operation-failed" $own-err) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (type $bos (borrow $os))
    (type $r (result u64 (error $se')))
    (export "[method]output-stream.check-write" (func (param "self" $bos) (result $r)))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.3" (instance
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (type $o (own $os'))
    (export "get-stdout" (func (result $o)))))
  (core module $m (func (export "g") (result i32) i32.const 8))
  (core instance $i (instantiate $m))
  (func $g (result u32) (canon lift (core func $i "g")))
  (instance $b (export "g" (func $g)))
  (export "test:x/b@0.1.0" (instance $b)))
