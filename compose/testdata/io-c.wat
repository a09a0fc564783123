;; Imports wasi:io/error@0.2.1 and wasi:io/streams@0.2.1 and exports
;; test:x/c@0.1.0 { size: func(s: borrow<output-stream>) -> u32 }, an
;; exported interface that uses a resource of an imported one.
(component
  (import "wasi:io/error@0.2.1" (instance $err
    (export "error" (type (sub resource)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.1" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $error' (eq $e)))
    (export "output-stream" (type $os (sub resource)))))
  (alias export $streams "output-stream" (type $output-stream))
  (core module $m (func (export "size") (param i32) (result i32) i32.const 5))
  (core instance $i (instantiate $m))
  (type $b (borrow $output-stream))
  (func $size (param "s" $b) (result u32) (canon lift (core func $i "size")))
  (instance $c (export "size" (func $size)))
  (export "test:x/c@0.1.0" (instance $c)))
