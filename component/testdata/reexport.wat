;; An inner component importing an interface with a resource and exporting
;; an interface whose function returns that resource; the outer component
;; passes its own import and re-exports the inner export, so the exported
;; types must refer to the outer import's resource.
(component
  (import "test:x/res@0.1.0" (instance $res
    (export "thing" (type (sub resource)))))
  (alias export $res "thing" (type $thing))
  (component $inner
    (import "test:x/res@0.1.0" (instance $r
      (export "thing" (type (sub resource)))))
    (alias export $r "thing" (type $t))
    (type $own (own $t))
    (import "make" (func $make (result $own)))
    (instance $api (export "make" (func $make)))
    (export "test:x/api@0.1.0" (instance $api)))
  (type $own (own $thing))
  (import "make" (func $make (result $own)))
  (instance $i (instantiate $inner
    (with "test:x/res@0.1.0" (instance $res))
    (with "make" (func $make))))
  (alias export $i "test:x/api@0.1.0" (instance $api))
  (export "test:x/api@0.1.0" (instance $api))
)
