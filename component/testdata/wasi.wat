;; Imports of versioned WASI interfaces; streams uses the error resource of
;; wasi:io/error through an outer alias (a WIT `use`).
(component
  (import "wasi:io/error@0.2.0" (instance $err
    (export "error" (type (sub resource)))
    (type $b (borrow 0))
    (export "[method]error.to-debug-string" (func (param "self" $b) (result string)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $error' (eq $e)))
    (export "input-stream" (type $is (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $own-err (own $error'))
    (type $se (variant (case "last-operation-failed" $own-err) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (type $bis (borrow $is))
    (type $bytes (list u8))
    (type $r (result $bytes (error $se')))
    (export "[method]input-stream.read" (func (param "self" $bis) (param "len" u64) (result $r)))
    (type $bos (borrow $os))
    (type $r2 (result (error $se')))
    (export "[method]output-stream.write" (func (param "self" $bos) (param "contents" $bytes) (result $r2)))))
  (alias export $streams "output-stream" (type $output-stream))
  (type $own-os (own $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (type $o (own $os'))
    (export "get-stdout" (func (result $o)))))
  (type $run (func (result (result))))
  (import "wasi:cli/run@0.2.0" (instance (export "run" (func (type $run)))))
)
