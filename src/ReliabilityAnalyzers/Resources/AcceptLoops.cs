using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// Server accept loops (TcpListener, Socket, HttpListener) that start work per connection with no gate: REL307 reports
    /// them at audit level (on real code they were libraries and servers whose connection cap, if any, is a deployment choice).
    /// </summary>
    internal static class AcceptLoops
    {
        public static bool IsAccept(IMethodSymbol method, INamedTypeSymbol? tcpListener, INamedTypeSymbol? socket, INamedTypeSymbol? httpListener)
        {
            INamedTypeSymbol type = method.ContainingType;
            switch (method.Name)
            {
                case "AcceptTcpClientAsync":
                case "AcceptSocketAsync":
                case "AcceptTcpClient":
                case "AcceptSocket":
                    return SymbolEqualityComparer.Default.Equals(type, tcpListener);
                case "AcceptAsync":
                case "Accept":
                    return SymbolEqualityComparer.Default.Equals(type, socket);
                case "GetContextAsync":
                case "GetContext":
                    return SymbolEqualityComparer.Default.Equals(type, httpListener);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Socket.Accept on a Unix domain socket (the type creates new Socket(AddressFamily.Unix, ...)): local IPC between
        /// cooperating processes, not a network listener open to arbitrary clients.
        /// </summary>
        public static bool IsLocalIpcSocket(IInvocationOperation accept, INamedTypeSymbol? socket)
        {
            if (!SymbolEqualityComparer.Default.Equals(accept.TargetMethod.ContainingType, socket) || accept.SemanticModel is null
                || !(accept.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>() is { } type))
            {
                return false;
            }

            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation
                    && creation.ArgumentList.Arguments[0].Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Unix" }
                    && accept.SemanticModel.GetOperation(creation) is IObjectCreationOperation { Arguments.Length: > 0 } op
                    && SymbolEqualityComparer.Default.Equals(op.Type, socket)
                    && ResourceHelpers.SkipConversions(op.Arguments[0].Value) is IFieldReferenceOperation { Field.Name: "Unix" })
                {
                    return true;
                }
            }

            return false;
        }

        public static IOperation? EnclosingLoop(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>Task.Run / Factory.StartNew / new Thread(...).Start / ThreadPool.QueueUserWorkItem / a Task-returning call not awaited.</summary>
        public static bool StartsWorkPerIteration(IOperation loop, INamedTypeSymbol task, INamedTypeSymbol? taskFactory, INamedTypeSymbol? thread, INamedTypeSymbol? threadPool, out IOperation? spawn)
        {
            foreach (IOperation descendant in loop.Descendants())
            {
                if (!(descendant is IInvocationOperation call))
                {
                    continue;
                }

                IMethodSymbol method = call.TargetMethod;
                INamedTypeSymbol type = method.ContainingType;
                bool spawns = method.Name == "Run" && SymbolEqualityComparer.Default.Equals(type, task)
                    || method.Name == "StartNew" && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, taskFactory)
                    || method.Name == "Start" && SymbolEqualityComparer.Default.Equals(type, thread)
                    || (method.Name == "QueueUserWorkItem" || method.Name == "UnsafeQueueUserWorkItem") && SymbolEqualityComparer.Default.Equals(type, threadPool);
                if (!spawns && method.ReturnType.InheritsFromOrEquals(task) && IsNotAwaited(call))
                {
                    spawns = true;
                }

                if (spawns)
                {
                    spawn = call;
                    return true;
                }
            }

            spawn = null;
            return false;
        }

        /// <summary>A task dropped (statement or discard) or stored without being awaited in the loop.</summary>
        private static bool IsNotAwaited(IInvocationOperation call)
        {
            IOperation current = call;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IExpressionStatementOperation
                || current.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation };
        }

        public static bool HasGate(IOperation loop, INamedTypeSymbol? semaphore, INamedTypeSymbol? rateLimiter, INamedTypeSymbol? channelWriter)
        {
            foreach (IOperation descendant in loop.Descendants())
            {
                if (descendant is IInvocationOperation call)
                {
                    INamedTypeSymbol type = call.TargetMethod.ContainingType;
                    if (SymbolEqualityComparer.Default.Equals(type, semaphore)
                        || type.InheritsFromOrEquals(rateLimiter)
                        || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, channelWriter))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
