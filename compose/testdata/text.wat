;; Exports test:demo/text@0.1.0: shout(s) returns s followed by "!".
;; Strings cross the boundary both ways (canon lift with memory and realloc).
(component
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator: never frees.
    (func $realloc (export "realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (local.get $oldsz) (then (memory.copy (local.get $p) (local.get $old) (local.get $oldsz))))
      (local.get $p))
    (func (export "shout") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $len) (i32.const 1))))
      (memory.copy (local.get $out) (local.get $ptr) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (local.get $len)) (i32.const 33))
      (i32.store (i32.const 16) (local.get $out))
      (i32.store (i32.const 20) (i32.add (local.get $len) (i32.const 1)))
      (i32.const 16)))
  (core instance $i (instantiate $m))
  (func $shout (param "s" string) (result string)
    (canon lift (core func $i "shout") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
  (instance $text (export "shout" (func $shout)))
  (export "test:demo/text@0.1.0" (instance $text)))
