;; Imports test:demo/geo@0.1.0 and test:demo/keep@0.1.0, whose function
;; takes a borrow of geo's bag: lifting keep while geo is satisfied by an
;; instance makes the outer import refer to a resource the composition
;; defines inside.
(component
  (import "test:demo/geo@0.1.0" (instance $geo
    (export "bag" (type $b (sub resource)))
    (type $own (own $b))
    (export "[constructor]bag" (func (result $own)))))
  (alias export $geo "bag" (type $bag))
  (import "test:demo/keep@0.1.0" (instance $keep
    (alias outer 1 $bag (type $b))
    (export "bag" (type $b' (eq $b)))
    (type $bb (borrow $b'))
    (export "keep" (func (param "b" $bb)))))
  (core module $m (func (export "h") (result i32) i32.const 3))
  (core instance $i (instantiate $m))
  (func $h (result u32) (canon lift (core func $i "h")))
  (export "h" (func $h)))
