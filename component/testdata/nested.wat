;; Nested components instantiated in order, one's export instance passed as
;; the other's import, the result re-exported: the shape the composer emits.
(component
  (component $A
    (core module $m (func (export "f") (result i32) i32.const 41))
    (core instance $i (instantiate $m))
    (func $f (result u32) (canon lift (core func $i "f")))
    (instance $api (export "f" (func $f)))
    (export "test:x/api@0.1.0" (instance $api)))
  (component $B
    (import "test:x/api@0.1.0" (instance $api (export "f" (func (result u32)))))
    (alias export $api "f" (func $f))
    (core func $flow (canon lower (func $f)))
    (core module $m
      (import "api" "f" (func $f (result i32)))
      (func (export "g") (result i32) (i32.add (call $f) (i32.const 1))))
    (core instance $imp (export "f" (func $flow)))
    (core instance $i (instantiate $m (with "api" (instance $imp))))
    (func $g (result u32) (canon lift (core func $i "g")))
    (export "g" (func $g)))
  (instance $a (instantiate $A))
  (instance $b (instantiate $B (with "test:x/api@0.1.0" (instance $a "test:x/api@0.1.0"))))
  (alias export $b "g" (func $g))
  (export "g" (func $g)))
