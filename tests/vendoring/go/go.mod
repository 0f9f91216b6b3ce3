// A hand-written SDK module that vendors the error package (apierrors/,
// written by the publish suite) instead of requiring the generated module.
module example.com/novitasdk

go 1.21
