// The API's bodies: every public method takes and returns the shared contract types.
global using Docket.Contracts;
