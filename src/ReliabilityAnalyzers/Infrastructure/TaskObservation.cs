using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Shared by REL107/REL108: which values are tasks, and which dropped tasks still have their faults observed.</summary>
    internal sealed class ObservedTaskTypes
    {
        private ObservedTaskTypes(INamedTypeSymbol task, INamedTypeSymbol? taskOfT, INamedTypeSymbol? valueTask, INamedTypeSymbol? valueTaskOfT, INamedTypeSymbol exception)
        {
            Task = task;
            TaskOfT = taskOfT;
            ValueTask = valueTask;
            ValueTaskOfT = valueTaskOfT;
            Exception = exception;
        }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol? TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol Exception { get; }

        public static ObservedTaskTypes? Create(Compilation compilation)
        {
            INamedTypeSymbol? task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            INamedTypeSymbol? exception = compilation.GetTypeByMetadataName("System.Exception");
            if (task is null || exception is null)
            {
                return null;
            }

            return new ObservedTaskTypes(
                task,
                compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1"),
                compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"),
                compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1"),
                exception);
        }

        public bool IsTask(ITypeSymbol? type)
        {
            if (!(type is INamedTypeSymbol named))
            {
                return false;
            }

            INamedTypeSymbol original = named.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(original, Task)
                || SymbolEqualityComparer.Default.Equals(original, TaskOfT)
                || SymbolEqualityComparer.Default.Equals(original, ValueTask)
                || SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT);
        }


        /// <summary>
        /// True when dropping this task loses nothing: it is already complete (Task.CompletedTask, FromResult), a fault
        /// continuation is attached (ContinueWith), or the work catches every exception itself (a Task.Run lambda or a
        /// method in this compilation whose whole body is a try with a catch-all).
        /// </summary>
        public bool FaultsAreObserved(IOperation value, System.Threading.CancellationToken cancellationToken)
        {
            value = Operations.Unwrap(value);
            switch (value)
            {
                case IPropertyReferenceOperation property when property.Property.Name == "CompletedTask" && IsTask(property.Property.ContainingType):
                    return true;
                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod;
                    string name = method.Name;
                    if ((name == "ContinueWith" || name == "FromResult" || name == "FromCanceled" || name == "FromException") && IsTask(method.ContainingType))
                    {
                        return true;
                    }

                    if ((name == "Run" || name == "StartNew") && IsTaskFactory(method.ContainingType))
                    {
                        foreach (IArgumentOperation argument in invocation.Arguments)
                        {
                            if (Operations.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                                && lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: BlockSyntax body }
                                && CatchesEverything(body, lambda.SemanticModel, cancellationToken))
                            {
                                return true;
                            }
                        }

                        return false;
                    }

                    foreach (SyntaxReference reference in method.OriginalDefinition.DeclaringSyntaxReferences)
                    {
                        SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                        BlockSyntax? body = syntax switch
                        {
                            MethodDeclarationSyntax m => m.Body,
                            LocalFunctionStatementSyntax l => l.Body,
                            _ => null,
                        };

                        if (body != null && invocation.SemanticModel != null && invocation.SemanticModel.SyntaxTree == body.SyntaxTree
                            && CatchesEverything(body, invocation.SemanticModel, cancellationToken))
                        {
                            return true;
                        }

                        if (body != null && invocation.SemanticModel != null && invocation.SemanticModel.SyntaxTree != body.SyntaxTree
                            && CatchesEverythingSyntactically(body))
                        {
                            return true;
                        }
                    }

                    return false;
            }

            return false;
        }

        private bool IsTaskFactory(INamedTypeSymbol? type) =>
            type != null && (SymbolEqualityComparer.Default.Equals(type, Task) || type.Name == "TaskFactory");

        /// <summary>The body's last statement (optionally inside a loop) is a try with a catch-all; earlier statements are declarations.</summary>
        private bool CatchesEverything(BlockSyntax body, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            TryStatementSyntax? tryStatement = OuterTry(body);
            if (tryStatement is null)
            {
                return false;
            }

            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if (Throws(catchClause))
                {
                    continue; // a catch that rethrows or translates does not observe the fault
                }

                if (catchClause.Declaration is null)
                {
                    return true;
                }

                if (model != null && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(catchClause.Declaration.Type, cancellationToken).Type, Exception))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CatchesEverythingSyntactically(BlockSyntax body)
        {
            TryStatementSyntax? tryStatement = OuterTry(body);
            if (tryStatement is null)
            {
                return false;
            }

            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if (!Throws(catchClause) && (catchClause.Declaration is null
                    || (catchClause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" } || catchClause.Declaration.Type.ToString() == "System.Exception")))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Throws(CatchClauseSyntax catchClause)
        {
            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static TryStatementSyntax? OuterTry(BlockSyntax body)
        {
            SyntaxList<StatementSyntax> statements = body.Statements;
            while (true)
            {
                if (statements.Count == 0)
                {
                    return null;
                }

                for (int i = 0; i < statements.Count - 1; i++)
                {
                    if (!(statements[i] is LocalDeclarationStatementSyntax))
                    {
                        return null;
                    }
                }

                StatementSyntax last = statements[statements.Count - 1];
                switch (last)
                {
                    case TryStatementSyntax t when t.Catches.Count > 0:
                        return t;
                    case WhileStatementSyntax { Statement: BlockSyntax loopBody }:
                        statements = loopBody.Statements;
                        continue;
                    case UsingStatementSyntax { Statement: BlockSyntax usingBody }:
                        statements = usingBody.Statements;
                        continue;
                    default:
                        return null;
                }
            }
        }
    }
}
