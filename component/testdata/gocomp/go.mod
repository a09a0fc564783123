module example.com/gocomp

go 1.26
