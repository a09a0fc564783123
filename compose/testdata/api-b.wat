;; Imports test:x/api@0.1.0 and exports g: func() -> u32, which returns f() + 1.
(component
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
