;; Imports WASI-like interfaces with resources that cross interfaces:
;; wasi:io/streams@0.2.0 uses error (wasi:io/error) and pollable
;; (wasi:io/poll). Like io-a, but blocking-write-and-flush takes a list<u16>.
(component
  (import "wasi:io/error@0.2.0" (instance $err
    (export "error" (type (sub resource)))
    (type $b (borrow 0))
    (export "[method]error.to-debug-string" (func (param "self" $b) (result string)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (type $bp (borrow $p))
    (export "[method]pollable.ready" (func (param "self" $bp) (result bool)))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $error' (eq $e)))
    (alias outer 1 $pollable (type $pl))
    (export "pollable" (type $pollable' (eq $pl)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-err (own $error'))
    (type $se (variant (case "last-operation-failed" $own-err) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (type $bos (borrow $os))
    (type $own-p (own $pollable'))
    (export "[method]output-stream.subscribe" (func (param "self" $bos) (result $own-p)))
    (type $text (list u16))
    (type $r (result (error $se')))
    (export "[method]output-stream.blocking-write-and-flush" (func (param "self" $bos) (param "contents" $text) (result $r)))))
  (core module $m (func (export "f") (result i32) i32.const 7))
  (core instance $i (instantiate $m))
  (func $f (result u32) (canon lift (core func $i "f")))
  (instance $a (export "f" (func $f)))
  (export "test:x/bad@0.1.0" (instance $a)))
