using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL309 (audit level): a message or request accumulated in memory with no size cap — a WebSocket.ReceiveAsync loop
    /// that appends every frame to a MemoryStream / StringBuilder / list with no maximum check, and an ASP.NET Core request
    /// body read to the end (StreamReader(Request.Body).ReadToEnd[Async], Request.Body.CopyTo[Async] into a MemoryStream)
    /// with no check of ContentLength or MaxRequestBodySize.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL309UnboundedMessageAccumulationAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnboundedMessageAccumulation,
            title: "Message or request accumulated without a size cap (audit)",
            messageFormat: "{0} with no size limit. " +
                           "One client that sends a huge or endless message makes the server buffer it all, until memory runs out for every connection. " +
                           "{1}.",
            description: "ASP.NET Core WebSockets have no message-size limit: a receive loop that appends frames until EndOfMessage must count " +
                         "the bytes and close with MessageTooBig past a maximum. A request body read to the end needs a ContentLength or " +
                         "MaxRequestBodySize check.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                INamedTypeSymbol? webSocket = known.Get("System.Net.WebSockets.WebSocket");
                INamedTypeSymbol? httpRequest = known.Get("Microsoft.AspNetCore.Http.HttpRequest");
                if (webSocket is null && httpRequest is null)
                {
                    return;
                }

                INamedTypeSymbol? memoryStream = known.Get("System.IO.MemoryStream");
                INamedTypeSymbol? stringBuilder = known.Get("System.Text.StringBuilder");
                INamedTypeSymbol? streamReader = known.Get("System.IO.StreamReader");
                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (webSocket != null && method.Name == "ReceiveAsync" && method.ContainingType.InheritsFromOrEquals(webSocket))
                    {
                        AnalyzeReceiveLoop(c, invocation, memoryStream, stringBuilder, "A WebSocket receive loop appends every frame", "until the message ends",
                            "Count the received bytes and close with WebSocketCloseStatus.MessageTooBig past a maximum message size");
                    }
                    else if (httpRequest != null && (method.Name == "ReadAsync" || method.Name == "Read") && invocation.Instance != null
                        && (IsRequestBody(invocation.Instance, httpRequest) || IsRequestBodyReader(invocation.Instance, httpRequest))
                        && !ChecksBodySize(invocation))
                    {
                        // while (...) { var r = await Request.BodyReader.ReadAsync(); ms.Write(...); } / Request.Body.ReadAsync(buffer)
                        AnalyzeReceiveLoop(c, invocation, memoryStream, stringBuilder, "A loop over the request body appends every chunk", "until the body ends",
                            "Check Request.ContentLength against a maximum first (and set MaxRequestBodySize or [RequestSizeLimit]), or stop past a maximum size");
                    }
                    else if (httpRequest != null && (method.Name == "ReadToEndAsync" || method.Name == "ReadToEnd") && method.ContainingType.InheritsFromOrEquals(streamReader))
                    {
                        if (ReadsRequestBody(invocation.Instance, httpRequest) && !ChecksBodySize(invocation))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(),
                                "The request body is read to the end into a string",
                                "Check Request.ContentLength against a maximum first (and set MaxRequestBodySize or [RequestSizeLimit]), or read with a bounded buffer"));
                        }
                    }
                    else if (httpRequest != null && (method.Name == "CopyToAsync" || method.Name == "CopyTo") && invocation.Arguments.Length > 0
                        && IsRequestBody(invocation.Instance, httpRequest)
                        && ResourceHelpers.SkipConversions(invocation.Arguments[0].Value).Type.InheritsFromOrEquals(memoryStream)
                        && !ChecksBodySize(invocation))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(),
                            "The request body is copied to the end into a MemoryStream",
                            "Check Request.ContentLength against a maximum first (and set MaxRequestBodySize or [RequestSizeLimit]), or read with a bounded buffer"));
                    }
                }, OperationKind.Invocation);
            });
        }

        private static void AnalyzeReceiveLoop(OperationAnalysisContext context, IInvocationOperation receive, INamedTypeSymbol? memoryStream, INamedTypeSymbol? stringBuilder,
            string loopKind, string until, string fix)
        {
            ILoopOperation? loop = null;
            for (IOperation? current = receive.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation found)
                {
                    loop = found;
                    break;
                }

                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return;
                }
            }

            if (loop is null)
            {
                return;
            }

            foreach (IOperation descendant in loop.Body.Descendants())
            {
                IOperation target;
                string? kind = null;
                if (descendant is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                    && concatenation.Type?.SpecialType == SpecialType.System_String)
                {
                    // message += Encoding.UTF8.GetString(buffer, 0, result.Count);
                    target = ResourceHelpers.SkipConversions(concatenation.Target);
                    kind = "string";
                }
                else if (descendant is IInvocationOperation { TargetMethod.Name: "Resize", Instance: null } resize
                    && resize.TargetMethod.ContainingType?.SpecialType == SpecialType.System_Array && resize.Arguments.Length == 2)
                {
                    // Array.Resize(ref buffer, buffer.Length * 2): the receive buffer itself grows
                    target = ResourceHelpers.SkipConversions(resize.Arguments[0].Value);
                    kind = "array";
                }
                else if (!(descendant is IInvocationOperation append) || append.Instance is null)
                {
                    continue;
                }
                else
                {
                    target = ResourceHelpers.SkipConversions(append.Instance);
                }

                string name = descendant is IInvocationOperation call ? call.TargetMethod.Name : "";
                ITypeSymbol? type = target.Type;
                if (kind is null && (name == "Write" || name == "WriteAsync") && type.InheritsFromOrEquals(memoryStream))
                {
                    kind = "MemoryStream";
                }
                else if ((name == "Append" || name == "AppendLine") && type.InheritsFromOrEquals(stringBuilder))
                {
                    kind = "StringBuilder";
                }
                else if ((name == "Add" || name == "AddRange") && type is INamedTypeSymbol { Name: "List" } && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic")
                {
                    kind = "List";
                }

                if (kind is null || !DeclaredOutside(target, loop, out string? accumulator) || HasSizeCheck(loop, accumulator!))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, descendant.Syntax.GetLocation(),
                    loopKind + " to the " + kind + " '" + accumulator + "' " + until, fix));
                return;
            }
        }

        /// <summary>The accumulator outlives one iteration: a local declared outside the loop, a field or a property.</summary>
        private static bool DeclaredOutside(IOperation target, ILoopOperation loop, out string? name)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    name = local.Local.Name;
                    return local.Local.DeclaringSyntaxReferences.Length > 0
                        && !loop.Syntax.Span.Contains(local.Local.DeclaringSyntaxReferences[0].Span);
                case IFieldReferenceOperation field:
                    name = field.Field.Name;
                    return true;
                case IPropertyReferenceOperation property:
                    name = property.Property.Name;
                    return true;
                case IParameterReferenceOperation parameter:
                    name = parameter.Parameter.Name;
                    return true;
                default:
                    name = null;
                    return false;
            }
        }

        /// <summary>
        /// A comparison in the loop on the accumulator's Length / Count / Position, on a running total (a local grown with
        /// +=), or a mention of MessageTooBig.
        /// </summary>
        private static bool HasSizeCheck(ILoopOperation loop, string accumulator)
        {
            SyntaxNode body = loop.Syntax;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: "MessageTooBig" })
                {
                    return true;
                }

                if (!(node is BinaryExpressionSyntax binary) || !IsRelational(binary))
                {
                    continue;
                }

                if (MentionsSize(binary.Left, accumulator) || MentionsSize(binary.Right, accumulator)
                    || IsRunningTotal(binary.Left, body) || IsRunningTotal(binary.Right, body))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRelational(BinaryExpressionSyntax binary) =>
            binary.IsKind(SyntaxKind.GreaterThanExpression) || binary.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
            || binary.IsKind(SyntaxKind.LessThanExpression) || binary.IsKind(SyntaxKind.LessThanOrEqualExpression);

        private static bool MentionsSize(ExpressionSyntax side, string accumulator)
        {
            foreach (SyntaxNode node in side.DescendantNodesAndSelf())
            {
                if (node is MemberAccessExpressionSyntax access
                    && (access.Name.Identifier.ValueText == "Length" || access.Name.Identifier.ValueText == "Count" || access.Name.Identifier.ValueText == "Position" || access.Name.Identifier.ValueText == "LongLength")
                    && access.Expression is IdentifierNameSyntax { } owner && owner.Identifier.ValueText == accumulator)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRunningTotal(ExpressionSyntax side, SyntaxNode loop)
        {
            if (!(side is IdentifierNameSyntax identifier))
            {
                return false;
            }

            string name = identifier.Identifier.ValueText;
            foreach (SyntaxNode node in loop.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.AddAssignmentExpression)
                    && assignment.Left is IdentifierNameSyntax left && left.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRequestBodyReader(IOperation operation, INamedTypeSymbol httpRequest) =>
            ResourceHelpers.SkipConversions(operation) is IPropertyReferenceOperation { Property.Name: "BodyReader" } reader
            && reader.Property.ContainingType.InheritsFromOrEquals(httpRequest);

        private static bool IsRequestBody(IOperation? operation, INamedTypeSymbol httpRequest) =>
            operation != null && ResourceHelpers.SkipConversions(operation) is IPropertyReferenceOperation { Property.Name: "Body" } body
            && body.Property.ContainingType.InheritsFromOrEquals(httpRequest);

        /// <summary>new StreamReader(Request.Body), directly or through a local initialised with it.</summary>
        private static bool ReadsRequestBody(IOperation? instance, INamedTypeSymbol httpRequest)
        {
            IOperation? reader = instance is null ? null : ResourceHelpers.SkipConversions(instance);
            if (reader is ILocalReferenceOperation local && local.Local.DeclaringSyntaxReferences.Length == 1 && local.SemanticModel != null
                && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer })
            {
                reader = local.SemanticModel.GetOperation(initializer.Value);
                reader = reader is null ? null : ResourceHelpers.SkipConversions(reader);
            }

            return reader is IObjectCreationOperation creation && creation.Arguments.Length > 0
                && IsRequestBody(creation.Arguments[0].Value, httpRequest);
        }

        /// <summary>The member checks ContentLength / MaxRequestBodySize, or carries [RequestSizeLimit].</summary>
        private static bool ChecksBodySize(IOperation operation)
        {
            SyntaxNode? member = operation.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => !(m is GlobalStatementSyntax))
                ?? operation.Syntax.SyntaxTree.GetRoot();
            foreach (SyntaxNode node in member.DescendantNodesAndSelf())
            {
                string? name = node switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    AttributeSyntax attribute => (attribute.Name as IdentifierNameSyntax)?.Identifier.ValueText,
                    _ => null,
                };

                if (name == "ContentLength" || name == "MaxRequestBodySize" || name == "RequestSizeLimit" || name == "RequestSizeLimitAttribute")
                {
                    return true;
                }
            }

            // [RequestSizeLimit] on the containing class.
            TypeDeclarationSyntax? type = operation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type != null)
            {
                foreach (AttributeListSyntax list in type.AttributeLists)
                {
                    foreach (AttributeSyntax attribute in list.Attributes)
                    {
                        if (attribute.Name.ToString().IndexOf("RequestSizeLimit", StringComparison.Ordinal) >= 0)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
