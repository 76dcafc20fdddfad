// The vocabulary of every trigger in this project: HTTP requests and results, the worker's attributes, Docket's
// HTTP helpers and its declared authorization.
global using Docket.Functions.Authorization;
global using Docket.Functions.Http;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Azure.Functions.Worker;
