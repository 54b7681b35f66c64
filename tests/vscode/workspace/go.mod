module example.com/hello

go 1.22.0
