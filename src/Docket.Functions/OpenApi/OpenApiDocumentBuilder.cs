using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Docket.Contracts;

namespace Docket.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from what the code declares: every [Function] with an HTTP trigger (route and
/// methods), its <see cref="OperationAttribute"/>, <see cref="AnswersAttribute"/> and
/// <see cref="QueryParameterAttribute"/> declarations, its authorization declarations, and the JSON Schema of the
/// contract types (System.Text.Json's exporter over <see cref="DocketJson.Options"/>). The committed openapi.json is
/// this builder's output; a test fails when they differ.
/// </summary>
public static class OpenApiDocumentBuilder
{
    static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static readonly string[] MethodOrder = ["get", "put", "post", "patch", "delete"];

    static readonly string[] Tags = ["Identity", "Projects", "Upload", "Tasks", "Work"];

    /// <summary>The error answers every operation may refer to, by status.</summary>
    static readonly (int Status, string Name, string Description, string? Header, string? HeaderDescription)[]
        ErrorAnswers =
        [
            (400, "BadRequest", "Invalid input: every problem is listed in `errors`; nothing was changed.", null, null),
            (401, "Unauthorized", "No key, or an unknown or revoked key.", "WWW-Authenticate", "Bearer"),
            (403, "Forbidden", "The caller's role is too low.", null, null),
            (404, "NotFound",
                "Unknown, or not visible to the caller (projects they do not belong to, other people's tasks for " +
                "members).", null, null),
            (409, "Conflict", "The task or project is in the wrong state, or already exists.", null, null),
            (413, "PayloadTooLarge", "The body is larger than the route accepts; the detail names the limit.", null,
                null),
            (415, "UnsupportedMediaType",
                "The request has a body that is not JSON (or names a Content-Type other than application/json).",
                null, null),
            (503, "ServiceUnavailable", "Storage is unavailable or throttling; try again after Retry-After.",
                "Retry-After", "Seconds to wait."),
        ];

    static readonly Dictionary<string, (string Description, string Example)> PathParameters = new()
    {
        ["projectId"] = ("The project's id.", "brain-mri"),
        ["stageName"] = ("A stage of the project's workflow, by name.", "Label"),
        ["taskId"] = ("20 base-32 characters derived from the task's name.", "m3z2xq7kd4c5b6n7p8r9"),
        ["email"] = ("A user's email address.", "lena@example.com"),
        ["keyId"] = ("An API key's id (not its secret).", "k7f3a9c2"),
        ["uploadId"] = ("The id a large upload was accepted with.", "u-5c1f0e2a9b7d4e3f"),
        ["queue"] = ("One of Docket's queues (its poison queue is the one acted on).", "stage-moves"),
        ["webhookId"] = ("A webhook's id.", "wh_3f9c2a7e5b1d4c8a9e0f1a2b3c4d5e6f"),
        ["deliveryId"] = ("A delivery's id, from the webhook's delivery log.",
            "7986541231231231231-m3z2xq7kd4c5b6n7p8r9.4.0"),
    };

    /// <summary>The document, as the text committed in openapi.json.</summary>
    public static string Build() => Build(typeof(OpenApiDocumentBuilder).Assembly).ToJsonString(Output) + "\n";

    static JsonObject Build(Assembly functions)
    {
        var schemas = new SchemaSet();
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (method, route, function, trigger) in HttpFunctions(functions))
        {
            var path = paths.TryGetValue("/" + route, out var existing)
                ? existing
                : paths["/" + route] = new JsonObject();
            path[method] = Operation(function, route, method, schemas);
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Docket API",
                ["version"] = "1.0.0",
                ["description"] = "Task assignment and workflow for data annotation. JSON in and out, camelCase, UTC " +
                    "ISO-8601 times. Every route except health and this document needs `Authorization: Bearer <api " +
                    "key>`. Errors are application/problem+json with every problem listed as {index?, name?, field, " +
                    "message}; 503 carries Retry-After. Generated from the code: the contract types of " +
                    "Docket.Contracts and the functions' declarations.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/api" }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["tags"] = new JsonArray(Tags.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Ordered(p.Value)))),
        };
        var components = new JsonObject
        {
            ["securitySchemes"] = new JsonObject
            {
                ["bearer"] = new JsonObject
                {
                    ["type"] = "http",
                    ["scheme"] = "bearer",
                    ["description"] = "A Docket API key.",
                },
            },
            ["responses"] = new JsonObject(ErrorAnswers.Select(e =>
                KeyValuePair.Create(e.Name,
                    (JsonNode?)ErrorResponse(e.Description, e.Header, e.HeaderDescription, schemas)))),
        };
        components["schemas"] = schemas.Components();
        document["components"] = components;
        return document;
    }

    static IEnumerable<(string Method, string Route, MethodInfo Function, HttpTriggerAttribute Trigger)> HttpFunctions(
        Assembly functions) =>
        functions.GetExportedTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(method => (Method: method, Trigger: method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)))
            .Where(found => found.Trigger is not null)
            .SelectMany(found => found.Trigger!.Methods!.Select(m =>
                (m.ToLowerInvariant(), found.Trigger.Route!, found.Method, found.Trigger)))
            .OrderBy(f => f.Item2, StringComparer.Ordinal)
            .ThenBy(f => Array.IndexOf(MethodOrder, f.Item1));

    static JsonObject Ordered(JsonObject path) =>
        new(path.OrderBy(m => Array.IndexOf(MethodOrder, m.Key))
            .Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone())));

    static JsonObject Operation(MethodInfo function, string route, string method, SchemaSet schemas)
    {
        var name = function.GetCustomAttribute<FunctionAttribute>()!.Name;
        var declared = function.GetCustomAttribute<OperationAttribute>()
            ?? throw new InvalidOperationException(
                $"Function {name} declares no [Operation] for the OpenAPI document.");
        var anonymous = function.GetCustomAttribute<AnonymousAttribute>() is not null;
        var project = function.GetCustomAttribute<RequiresProjectAttribute>();
        var operation = new JsonObject
        {
            ["operationId"] = name,
            ["summary"] = declared.Summary + Who(function),
            ["tags"] = new JsonArray(declared.Tag),
        };
        if (anonymous) operation["security"] = new JsonArray();

        var parameters = new JsonArray();
        foreach (var parameter in RouteParameters(route))
        {
            var (description, example) = PathParameters.TryGetValue(parameter, out var known)
                ? known
                : throw new InvalidOperationException($"Route parameter {{{parameter}}} of {name} has no description.");
            parameters.Add(new JsonObject
            {
                ["name"] = parameter,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "string" },
                ["example"] = example,
            });
        }
        var query = function.GetCustomAttributes<QueryParameterAttribute>().ToList();
        foreach (var parameter in query)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = parameter.Name,
                ["in"] = "query",
                ["required"] = parameter.Required,
                ["description"] = parameter.Description,
                ["schema"] = JsonNode.Parse(parameter.Schema),
            });
        }
        if (parameters.Count > 0) operation["parameters"] = parameters;

        if (declared.Body is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = !declared.BodyOptional,
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = schemas.Reference(body) },
                },
            };
        }

        var responses = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var answer in function.GetCustomAttributes<AnswersAttribute>())
        {
            var response = new JsonObject { ["description"] = answer.Description };
            if (answer.Header is { } header)
            {
                response["headers"] = new JsonObject
                {
                    [header] = new JsonObject
                    {
                        ["description"] = answer.HeaderDescription ?? header,
                        ["schema"] = new JsonObject { ["type"] = header == "Retry-After" ? "integer" : "string" },
                    },
                };
            }
            if (answer.Body is { } answerBody)
            {
                response["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = schemas.Reference(answerBody) },
                };
            }
            responses[answer.Status.ToString(CultureInfo.InvariantCulture)] = response;
        }

        // The errors its declarations imply: what every filter and body reader may answer.
        var hasBody = declared.Body is not null;
        var errors = new HashSet<int>(declared.Refuses);
        if (hasBody || query.Count > 0 || route.Contains("{email}") || route.Contains("{stageName}")) errors.Add(400);
        if (!anonymous) errors.Add(401);
        if (function.GetCustomAttribute<RequiresOrgAdminAttribute>() is not null
            || function.GetCustomAttribute<RequiresOrgAdminOrSelfAttribute>() is not null
            || project is { Requirement: not ProjectRequirement.View } || project?.StageAccess == true)
            errors.Add(403);
        if (project is not null) errors.Add(404);
        if (hasBody) errors.Add(413);
        if (method is "post" or "put" or "patch") errors.Add(415);
        errors.Add(503);
        foreach (var error in ErrorAnswers.Where(e => errors.Contains(e.Status)))
        {
            responses.TryAdd(error.Status.ToString(CultureInfo.InvariantCulture),
                new JsonObject { ["$ref"] = $"#/components/responses/{error.Name}" });
        }
        operation["responses"] = new JsonObject(responses.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
        return operation;
    }

    /// <summary>Who may call the function, in words, from its authorization declarations.</summary>
    static string Who(MethodInfo function)
    {
        if (function.GetCustomAttribute<AnonymousAttribute>() is not null) return " Anyone, without a key.";
        if (function.GetCustomAttribute<RequiresOrgAdminAttribute>() is not null) return " Org admins.";
        if (function.GetCustomAttribute<RequiresOrgAdminOrSelfAttribute>() is not null)
            return " Org admins, or the user themselves.";
        return function.GetCustomAttribute<RequiresProjectAttribute>()?.Requirement switch
        {
            ProjectRequirement.Administer => " Project admins.",
            ProjectRequirement.ManageTasks => " Project admins and managers.",
            ProjectRequirement.View => " Project members.",
            _ => " Any signed-in user.",
        };
    }

    static IEnumerable<string> RouteParameters(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));

    static JsonObject ErrorResponse(string description, string? header, string? headerDescription, SchemaSet schemas)
    {
        var response = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject { ["schema"] = schemas.Reference(typeof(Problem)) },
            },
        };
        if (header is not null)
        {
            response["headers"] = new JsonObject
            {
                [header] = new JsonObject
                {
                    ["description"] = headerDescription,
                    ["schema"] = new JsonObject { ["type"] = header == "Retry-After" ? "integer" : "string" },
                },
            };
        }
        return response;
    }

    /// <summary>
    /// The contract types the document refers to, each described once under components/schemas and referred to by
    /// $ref everywhere else.
    /// </summary>
    sealed class SchemaSet
    {
        readonly SortedDictionary<string, JsonNode> components = new(StringComparer.Ordinal);
        readonly Queue<Type> pending = new();
        readonly HashSet<Type> known = [];

        /// <summary>A reference to the type's schema (an array of references for lists).</summary>
        public JsonNode Reference(Type type)
        {
            if (ListItemOf(type) is { } item)
                return new JsonObject { ["type"] = "array", ["items"] = Reference(item) };
            if (!IsContract(type)) return DocketJson.Options.GetJsonSchemaAsNode(type, Exporter(type));
            if (known.Add(type)) pending.Enqueue(type);
            return new JsonObject { ["$ref"] = $"#/components/schemas/{type.Name}" };
        }

        public JsonObject Components()
        {
            while (pending.TryDequeue(out var type))
                components[type.Name] = DocketJson.Options.GetJsonSchemaAsNode(type, Exporter(type));
            return new JsonObject(components.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.DeepClone())));
        }

        JsonSchemaExporterOptions Exporter(Type root) => new()
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Transform(root, context, node),
        };

        JsonNode Transform(Type root, JsonSchemaExporterContext context, JsonNode node)
        {
            // "Anything" is an empty schema (the boolean form confuses OpenAPI tools).
            if (node.GetValueKind() == JsonValueKind.True) node = new JsonObject();
            var schema = (JsonObject)node;
            var type = context.TypeInfo.Type;
            var property = context.PropertyInfo;
            var absentWhenNull = property is not null && IsAbsentWhenNull(property);

            if (type.IsEnum && !schema.ContainsKey("type"))
                schema = Prepend(schema, "type", "string");
            if (context.Path.Length > 0 && IsContract(Nullable.GetUnderlyingType(type) ?? type))
            {
                var reference = Reference(Nullable.GetUnderlyingType(type) ?? type);
                schema = property?.IsGetNullable == true && !absentWhenNull
                    ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) }
                    : (JsonObject)reference;
            }
            if (property?.AttributeProvider is { } attributes)
            {
                if (attributes.GetCustomAttributes(typeof(OpenApiSchemaAttribute), true).FirstOrDefault()
                    is OpenApiSchemaAttribute given)
                    schema = (JsonObject)JsonNode.Parse(given.Json)!;
                if (absentWhenNull) schema = WithoutNull(schema);
                Describe(schema, attributes);
            }
            if (schema["default"] is null && schema.ContainsKey("default")) schema.Remove("default");
            if (context.Path.Length == 0 && type == root && IsContract(type))
            {
                if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
                    schema["description"] = description.Description;
                if (type.GetCustomAttribute<JsonUnmappedMemberHandlingAttribute>() is null)
                    schema["additionalProperties"] = false;
                // A field left out when null is never required, whatever its constructor says.
                if (schema["required"] is JsonArray required)
                {
                    foreach (var left in context.TypeInfo.Properties.Where(IsAbsentWhenNull)
                                 .Select(p => required.FirstOrDefault(r => r!.GetValue<string>() == p.Name)).ToList())
                        if (left is not null) required.Remove(left);
                }
                if (ApiExamples.Of(type) is { } example)
                    schema["examples"] =
                        new JsonArray(JsonSerializer.SerializeToNode(example, type, DocketJson.Options));
            }
            return schema;
        }

        static bool IsAbsentWhenNull(JsonPropertyInfo property) =>
            property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
                .Cast<JsonIgnoreAttribute>().Any(i => i.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

        /// <summary>
        /// What the property's annotations add: allowed values, ranges, lengths, formats, its meaning.
        /// </summary>
        static void Describe(JsonObject schema, ICustomAttributeProvider attributes)
        {
            foreach (var attribute in attributes.GetCustomAttributes(true))
            {
                switch (attribute)
                {
                    case AllowedValuesAttribute allowed:
                        schema["enum"] = new JsonArray(allowed.Values
                            .Select(v => JsonValue.Create(v as string)).ToArray<JsonNode?>());
                        break;
                    case RangeAttribute range:
                        schema["minimum"] = Number(range.Minimum);
                        schema["maximum"] = Number(range.Maximum);
                        break;
                    case LengthAttribute length:
                        schema["minLength"] = length.MinimumLength;
                        schema["maxLength"] = length.MaximumLength;
                        break;
                    case EmailAddressAttribute:
                        schema["format"] = "email";
                        break;
                    case DescriptionAttribute description:
                        schema["description"] = description.Description;
                        break;
                }
            }
        }

        static JsonNode Number(object value) =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && number == Math.Floor(number)
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);

        /// <summary>The schema of a property that is left out rather than written as null.</summary>
        static JsonObject WithoutNull(JsonObject schema)
        {
            if (schema["type"] is JsonArray types)
            {
                var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
                schema["type"] = rest.Count == 1
                    ? JsonValue.Create(rest[0])
                    : new JsonArray(rest.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
            }
            if (schema["enum"] is JsonArray values && values.Any(v => v is null))
                schema["enum"] = new JsonArray(values.Where(v => v is not null).Select(v => v!.DeepClone()).ToArray());
            if (schema["anyOf"] is JsonArray options
                && options.FirstOrDefault(o => o?["type"]?.GetValueKind() == JsonValueKind.String
                    && o["type"]!.GetValue<string>() == "null") is { } nullOption)
                options.Remove(nullOption);
            return schema;
        }

        static JsonObject Prepend(JsonObject schema, string name, JsonNode value)
        {
            var result = new JsonObject { [name] = value };
            foreach (var (key, item) in schema.ToList())
                result[key] = item?.DeepClone();
            return result;
        }
    }

    static bool IsContract(Type type) =>
        type.Assembly == typeof(DocketJson).Assembly && type is { IsClass: true, IsGenericType: false }
            && type != typeof(DocketJsonContext);

    static Type? ListItemOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>))
            ? type.GetGenericArguments()[0]
            : null;
}
