module example.com/errcat/gotests

go 1.21
