module example.org/goexample

go 1.19
