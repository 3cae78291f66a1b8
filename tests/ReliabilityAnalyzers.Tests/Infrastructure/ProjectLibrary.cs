using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// Compiles source into an in-memory assembly referenced as metadata, like a project reference of the same solution
    /// (its method bodies are not readable by the analyzed compilation; it comes from no package folder).
    /// </summary>
    internal static class ProjectLibrary
    {
        public static MetadataReference Build(string assemblyName, string source)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
            if (!result.Success)
            {
                throw new System.InvalidOperationException(string.Join("\n", result.Diagnostics));
            }

            return MetadataReference.CreateFromImage(image.ToArray());
        }
    }
}
