// Host calls of this module land with their shim.
export {}
