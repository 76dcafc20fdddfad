// The vocabulary of every trigger in this project: HTTP requests and results, the worker's attributes, Docket's
// HTTP helpers, the API's JSON options and its declared authorization.
global using Docket.Functions.Authorization;
global using Docket.Functions.Http;
global using DocketJson = Docket.Contracts.DocketJson;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Azure.Functions.Worker;
