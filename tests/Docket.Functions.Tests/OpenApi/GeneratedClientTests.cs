using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;
using Docket.Functions.OpenApi;
using Docket.Functions.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Docket.Functions.Tests.OpenApi;

/// <summary>
/// Another language's view of the API: a client generated from the document by NSwag must compile and work.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task A_client_generated_by_NSwag_compiles_and_calls_GET_api_me()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(OpenApiFunction.Text);
        var code = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "DocketApiClient",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            UseBaseUrl = true,
            CSharpGeneratorSettings = { Namespace = "Generated.Docket",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        }).GenerateFile();

        var assembly = Compile(code);
        var host = await DocketHost.SharedAsync();
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DocketHost.AdminKey);
        var client = Activator.CreateInstance(assembly.GetType("Generated.Docket.DocketApiClient")!, http)!;
        client.GetType().GetProperty("BaseUrl")!.SetValue(client, $"{host.BaseAddress}api");
        var call = (Task)client.GetType().GetMethod("MeAsync", Type.EmptyTypes)!.Invoke(client, null)!;
        await call;
        var me = call.GetType().GetProperty("Result")!.GetValue(call)!;

        Assert.Equal(DocketHost.AdminEmail, me.GetType().GetProperty("Email")!.GetValue(me));
    }

    static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Generated.Docket", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d
            => d.ToString()).ToList();
        Assert.True(emitted.Success, "The generated client does not compile:\n" + string.Join('\n', errors.Take(20)));
        image.Position = 0;
        return new AssemblyLoadContext("generated-docket-client", isCollectible: true).LoadFromStream(image);
    }
}
