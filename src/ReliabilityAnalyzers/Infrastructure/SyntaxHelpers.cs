using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal static class SyntaxHelpers
    {
        /// <summary>The block or expression body of a method, constructor, operator, local function or accessor declaration.</summary>
        public static SyntaxNode? BodyOf(SyntaxNode declaration) => declaration switch
        {
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
            ArrowExpressionClauseSyntax arrow => arrow,
            _ => null,
        };

        /// <summary>The last name of a written type: 'HttpClient' for 'System.Net.Http.HttpClient', 'Cache' for 'Cache&lt;T&gt;'.</summary>
        public static string? LastName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>The name a call is made by: 'Close()' and 'x.Close()' both give "Close"; null for other shapes.</summary>
        public static string? CalledName(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax id => id.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// A method implemented as an iterator ('yield return' in its own body, not in a lambda or local function): calling it
        /// only creates the enumerator, and its body runs, and blocks, when someone enumerates it.
        /// </summary>
        public static bool IsSourceIterator(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (BodyOf(reference.GetSyntax(cancellationToken)) is { } body
                    && body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any())
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <see cref="IsSourceIterator"/> for a call: the method itself, or, for an interface or abstract member declared in
        /// source, every implementation of it in this compilation (at least one): 'tableClient.GetAll(...)' through the
        /// project's own ITableClient, implemented with 'yield return' (phase 23, a monitoring app).
        /// </summary>
        public static bool IsLazySourceIterator(IMethodSymbol method, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            // Cached per compilation: a method is called from many places.
            System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> known = PerCompilation<IteratorAnswers>.Get(compilation, _ => new IteratorAnswers())!.Answers;
            IMethodSymbol key = method.OriginalDefinition;
            if (known.TryGetValue(key, out bool answer))
            {
                return answer;
            }

            answer = ComputeLazySourceIterator(key, compilation, cancellationToken);
            known.TryAdd(key, answer);
            return answer;
        }

        private sealed class IteratorAnswers
        {
            public System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> Answers { get; } =
                new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        }

        private static bool ComputeLazySourceIterator(IMethodSymbol definition, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (!(definition.IsAbstract || definition.ContainingType?.TypeKind == TypeKind.Interface))
            {
                return IsSourceIterator(definition, cancellationToken);
            }

            System.Collections.Immutable.ImmutableArray<IMethodSymbol> implementations = SourceImplementations.For(compilation).Of(definition, cancellationToken);
            foreach (IMethodSymbol implementation in implementations)
            {
                if (!IsSourceIterator(implementation, cancellationToken))
                {
                    return false;
                }
            }

            return implementations.Length > 0;
        }

        /// <summary>
        /// A throw that leaves only debug builds: the statement alone between '#if DEBUG' and '#endif' ("re-throw in debug
        /// mode to help with debugging"; phase 25, an etcd client's watch loop). Shipped builds handle the failure.
        /// </summary>
        public static bool IsDebugOnlyThrow(SyntaxNode throwNode)
        {
            StatementSyntax? statement = throwNode as StatementSyntax ?? throwNode.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null)
            {
                return false;
            }

            bool opens = false;
            foreach (SyntaxTrivia trivia in statement.GetFirstToken().LeadingTrivia)
            {
                if (trivia.GetStructure() is IfDirectiveTriviaSyntax { Condition: IdentifierNameSyntax { Identifier.ValueText: "DEBUG" } })
                {
                    opens = true;
                }
                else if (trivia.IsDirective)
                {
                    opens = false;
                }
            }

            if (!opens)
            {
                return false;
            }

            foreach (SyntaxTrivia trivia in statement.GetLastToken().GetNextToken().LeadingTrivia)
            {
                if (trivia.IsDirective)
                {
                    return trivia.IsKind(SyntaxKind.EndIfDirectiveTrivia);
                }
            }

            return false;
        }

        /// <summary>
        /// A continuation that reads the fault only to throw it away: '_ = t.Exception', 't.Exception?.Handle(_ => true)',
        /// 'var _ = t.Exception' — no call with it, no throw, no store (phase 25, a recall probe's 'Forget()' helper). Reading
        /// 'Exception' marks the fault observed, so it is never raised as unobserved either: the failure is gone.
        /// </summary>
        public static bool DiscardsFault(AnonymousFunctionExpressionSyntax continuation)
        {
            // An expression body is the continuation's result ('t => !t.IsFaulted' reports the fault as a value): only a
            // discard or a Handle call drops it. A block may only discard, Handle or declare.
            switch (continuation.Body)
            {
                case ExpressionSyntax expression:
                    return IsDiscardOfFault(expression);
                case BlockSyntax { Statements.Count: > 0 } block:
                    foreach (StatementSyntax statement in block.Statements)
                    {
                        if (!(statement is ExpressionStatementSyntax { Expression: var e } && IsDiscardOfFault(e))
                            && !(statement is LocalDeclarationStatementSyntax declaration
                                 && declaration.Declaration.Variables.All(v => v.Initializer is null || !v.Initializer.Value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(c => !IsHandleCall(c)))))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        // '_ = t.Exception', 't.Exception?.Handle(_ => true)', 't.Exception.Flatten().Handle(e => true)'.
        private static bool IsDiscardOfFault(ExpressionSyntax expression) =>
            expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                ? !discard.Right.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(c => !IsHandleCall(c))
                : (expression is InvocationExpressionSyntax || expression is ConditionalAccessExpressionSyntax)
                  && expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().All(IsHandleCall)
                  && expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any();

        private static bool IsHandleCall(InvocationExpressionSyntax call) =>
            (CalledName(call) ?? (call.Expression as MemberBindingExpressionSyntax)?.Name.Identifier.ValueText) is "Handle" or "Flatten" or "GetBaseException";

        /// <summary>A throw statement or expression that can leave a shipped build (not one kept to debug builds).</summary>
        public static bool IsShippedThrow(SyntaxNode node) =>
            (node is ThrowStatementSyntax || node is ThrowExpressionSyntax) && !IsDebugOnlyThrow(node);

        /// <summary>'CloseAsync' and 'Close' start with the word 'Close'; 'Closed' and 'Closure' do not.</summary>
        public static bool StartsWithWord(string name, string word) =>
            name.StartsWith(word, System.StringComparison.Ordinal) && (name.Length == word.Length || char.IsUpper(name[word.Length]));

        /// <summary>'LogError', 'LogInformation', 'LogDurableEvent': Log + a capitalised word, not the words 'LogIn' / 'LogOn' / 'LogOut' / 'LogOff' ('LogInAsync').</summary>
        public static bool IsLogMethodName(string name) =>
            name.StartsWith("Log", System.StringComparison.Ordinal) && name.Length > 3 && char.IsUpper(name[3])
            && !StartsWithWord(name, "LogIn") && !StartsWithWord(name, "LogOn") && !StartsWithWord(name, "LogOut") && !StartsWithWord(name, "LogOff");

        private static readonly string[] LogLevelWords = { "Trace", "Debug", "Info", "Information", "Warning", "Warn", "Error", "Critical", "Fatal", "Verbose" };

        /// <summary>
        /// A level method ('Info', 'Warning') or an event-source style one named for its event and level
        /// ('PartitionManagerInfo', 'ConnectionWarning'; phase 24, a workflow framework's structured logger).
        /// </summary>
        public static bool EndsWithLogLevel(string name)
        {
            foreach (string level in LogLevelWords)
            {
                if (name.EndsWith(level, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return LoggingApis.IsLevelMethod(name);
        }

        /// <summary>A point where the function awaits: an await expression, 'await foreach', 'await using' (statement or declaration).</summary>
        public static bool IsAwaitPoint(SyntaxNode node) =>
            node is AwaitExpressionSyntax || node is CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }
            || node is UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } || node is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 };

        /// <summary>'name.Dispose()' or 'name?.Dispose()' somewhere in <paramref name="scope"/> (a local matched by its name).</summary>
        public static bool HasDisposeCallOn(SyntaxNode scope, string name)
        {
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax call && CalledName(call) == "Dispose"
                    && call.Expression switch
                    {
                        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } => receiver.Identifier.ValueText == name,
                        MemberBindingExpressionSyntax _ => call.Parent is ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax target } && target.Identifier.ValueText == name,
                        _ => false,
                    })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A loop statement: for, foreach (also 'await foreach' and deconstructing foreach), while, do.</summary>
        public static bool IsLoop(SyntaxNode node) =>
            node is ForStatementSyntax || node is CommonForEachStatementSyntax || node is WhileStatementSyntax || node is DoStatementSyntax;

        // 'x = ...', 'x += ...', 'x++', 'this.x = ...', 'ref x' / 'out x', '(x, y) = ...': the identifier is written.
        public static bool IsWritten(IdentifierNameSyntax identifier)
        {
            SyntaxNode target = identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier ? member : identifier;
            if (target.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax })
            {
                return true;
            }

            return target.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == target,
                PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression)
                    || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                PostfixUnaryExpressionSyntax _ => true,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                _ => false,
            };
        }

        /// <summary>
        /// The file's text contains the word: a cheap test before a tree is walked or bound. ToString of a file's text
        /// hands back the string it was read into (no copy) for all but very large files.
        /// </summary>
        public static bool TextMentions(SyntaxTree tree, string word, System.Threading.CancellationToken cancellationToken) =>
            tree.GetText(cancellationToken).ToString().IndexOf(word, System.StringComparison.Ordinal) >= 0;

        /// <summary>TryParse, TryGetValue, TryPingAsync: the Try-pattern, which reports failure through its result.</summary>
        public static bool IsTryPatternName(string name) =>
            name.Length > 3 && name.StartsWith("Try", System.StringComparison.Ordinal) && char.IsUpper(name[3]);

        /// <summary>True for nodes that start a new function body (lambdas, anonymous methods, local functions, members).</summary>
        public static bool IsFunctionBoundary(SyntaxNode node)
        {
            return node is AnonymousFunctionExpressionSyntax
                || node is LocalFunctionStatementSyntax
                || node is BaseMethodDeclarationSyntax
                || node is AccessorDeclarationSyntax
                || node is PropertyDeclarationSyntax
                || node is IndexerDeclarationSyntax
                || node is FieldDeclarationSyntax
                || node is EventDeclarationSyntax
                || node is GlobalStatementSyntax
                || node is TypeDeclarationSyntax;
        }

        /// <summary>
        /// The catch clause whose block directly holds <paramref name="node"/> in the same function body,
        /// or null. <paramref name="crossesFinally"/> tells whether a finally clause lies in between,
        /// where a bare <c>throw;</c> is not allowed.
        /// </summary>
        public static CatchClauseSyntax? EnclosingCatch(SyntaxNode node, out bool crossesFinally)
        {
            crossesFinally = false;
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                if (current is CatchClauseSyntax catchClause)
                {
                    // Inside the filter ('when (...)') is not inside the catch block.
                    return catchClause.Filter != null && catchClause.Filter.Span.Contains(node.Span) ? null : catchClause;
                }

                if (current is FinallyClauseSyntax)
                {
                    crossesFinally = true;
                }

                if (IsFunctionBoundary(current))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>The name of the method, local function, accessor owner or operator that contains the node.</summary>
        public static string? EnclosingMemberName(SyntaxNode node, out SyntaxNode? member)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax local:
                        member = local;
                        return local.Identifier.ValueText;
                    case MethodDeclarationSyntax method:
                        member = method;
                        return method.Identifier.ValueText;
                    case DestructorDeclarationSyntax destructor:
                        member = destructor;
                        return "Finalize";
                    case ConstructorDeclarationSyntax ctor:
                        member = ctor;
                        return ".ctor";
                    case AccessorDeclarationSyntax accessor when accessor.Parent?.Parent is BasePropertyDeclarationSyntax property:
                        member = accessor;
                        return property is PropertyDeclarationSyntax p ? p.Identifier.ValueText : property.Kind().ToString();
                    case TypeDeclarationSyntax _:
                        member = null;
                        return null;
                }
            }

            member = null;
            return null;
        }

        public static bool HasComment(SyntaxTriviaList trivia)
        {
            foreach (SyntaxTrivia t in trivia)
            {
                switch (t.Kind())
                {
                    case SyntaxKind.SingleLineCommentTrivia:
                    case SyntaxKind.MultiLineCommentTrivia:
                    case SyntaxKind.SingleLineDocumentationCommentTrivia:
                    case SyntaxKind.MultiLineDocumentationCommentTrivia:
                        return true;
                }
            }

            return false;
        }

        /// <summary>True when an empty block holds a comment between its braces.</summary>
        public static bool EmptyBlockHasComment(BlockSyntax block)
        {
            return HasComment(block.OpenBraceToken.TrailingTrivia) || HasComment(block.CloseBraceToken.LeadingTrivia);
        }

        /// <summary>
        /// Every name that refers to a private method or local function where it can be used at all: its type (not partial)
        /// or the body around the local function, in the tree of <paramref name="model"/>. Null when that cannot be read
        /// whole (a partial type, another tree, a method others can call). Callers judge each use: a call, a method group.
        /// </summary>
        public static System.Collections.Generic.List<IdentifierNameSyntax>? UsesOfPrivateMethod(IMethodSymbol method, SemanticModel model,
            System.Threading.CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.Length != 1 || method.ContainingType is null || method.ContainingType.DeclaringSyntaxReferences.Length != 1
                || !(method.MethodKind == MethodKind.LocalFunction || (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private)))
            {
                return null;
            }

            SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            SyntaxNode scope = method.MethodKind == MethodKind.LocalFunction
                ? declaration.Parent ?? declaration
                : method.ContainingType.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (scope.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            var uses = new System.Collections.Generic.List<IdentifierNameSyntax>();
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == method.Name
                    && model.GetSymbolInfo(name, cancellationToken) is var info
                    && SymbolEqualityComparer.Default.Equals((info.Symbol ?? info.CandidateSymbols.FirstOrDefault())?.OriginalDefinition, method.OriginalDefinition))
                {
                    uses.Add(name);
                }
            }

            return uses;
        }

        /// <summary>
        /// The local or parameter is assigned (again) somewhere in this function: its declaration's initializer, or the
        /// argument the callers pass, may not be what it holds.
        /// </summary>
        public static bool IsVariableWrittenIn(SyntaxNode function, ISymbol local, SemanticModel model, System.Threading.CancellationToken cancellationToken = default)
        {
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == local.Name && IsWritten(identifier)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The node sits in the taken branch of '#if DEBUG' (up to its '#else' / '#elif' / '#endif'): code that only Debug
        /// builds compile, so it never ships (phase 22, a server's debug-only catch that logs more than its Release twin).
        /// Reads the file's directives only, without walking its tree.
        /// </summary>
        public static bool IsInDebugOnlyRegion(SyntaxNode node)
        {
            SyntaxNode root = node.SyntaxTree.GetRoot();
            for (DirectiveTriviaSyntax? directive = root.GetFirstDirective(); directive != null; directive = directive.GetNextDirective())
            {
                if (directive.SpanStart > node.SpanStart)
                {
                    return false;
                }

                if (!(directive is IfDirectiveTriviaSyntax { BranchTaken: true, Condition: IdentifierNameSyntax { Identifier.ValueText: "DEBUG" } } debug))
                {
                    continue;
                }

                foreach (DirectiveTriviaSyntax related in debug.GetRelatedDirectives())
                {
                    if (related != debug && related.SpanStart > debug.SpanStart)
                    {
                        if (node.SpanStart < related.SpanStart)
                        {
                            return true;
                        }

                        break;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// 'if (Fx.IsFatal(ex)) throw;', 'if (ex.IsCritical()) { throw; }', 'if (ex is OutOfMemoryException) throw;': a rethrow
        /// of only the failures a process cannot recover from. The catch still handles every ordinary failure.
        /// </summary>
        public static bool IsFatalOnlyRethrow(SyntaxNode throwNode)
        {
            if (!(throwNode is ThrowStatementSyntax { Expression: null } rethrow)
                || !(EnclosingCatch(rethrow, out _)?.Declaration?.Identifier.ValueText is { Length: > 0 } caught))
            {
                return false;
            }

            SyntaxNode? parent = rethrow.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : rethrow.Parent;
            return parent is IfStatementSyntax { Else: null } guard && TestsFatal(guard.Condition, caught, negated: false);
        }

        /// <summary>'catch (Exception ex) when (!ex.IsFatal())', 'when (ex is not OutOfMemoryException)': a catch-all in all but name.</summary>
        public static bool ExcludesOnlyFatal(CatchFilterClauseSyntax filter) =>
            filter.Parent is CatchClauseSyntax { Declaration.Identifier.ValueText: { Length: > 0 } caught } && TestsFatal(filter.FilterExpression, caught, negated: true);

        /// <summary>
        /// Like <see cref="ExcludesOnlyFatal"/>, and also a filter that lets only cancellation through: 'when (ex is not
        /// OperationCanceledException)', 'when (!token.IsCancellationRequested)', '&amp;&amp;' of such tests, or '||' with one
        /// side such a test; and a filter that only leaves some types out (<see cref="ExcludesOnlyTypes"/>): the catch
        /// still takes every other failure, as REL130 reads it.
        /// </summary>
        public static bool ExcludesOnlyFatalOrCancellation(CatchFilterClauseSyntax filter) =>
            (filter.Parent is CatchClauseSyntax clause
                && TestsFatal(filter.FilterExpression, clause.Declaration?.Identifier.ValueText ?? string.Empty, negated: true, cancellationToo: true))
            || ExcludesOnlyTypes(filter);

        /// <summary>
        /// 'when (ex is not ArgumentException)', 'when (!(ex is FormatException))', 'when (e is not (A or B))', and '&amp;&amp;'
        /// of such tests: the filter only leaves some exception types out, so the catch still takes every other failure
        /// (phase 24, a recall probe's repository turning every database fault into 'false').
        /// </summary>
        public static bool ExcludesOnlyTypes(CatchFilterClauseSyntax filter) =>
            filter.Parent is CatchClauseSyntax { Declaration.Identifier.ValueText: { Length: > 0 } caught } && ExcludesTypes(filter.FilterExpression, caught);

        private static bool ExcludesTypes(ExpressionSyntax condition, string caught)
        {
            condition = condition is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : condition;
            switch (condition)
            {
                case IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax notPattern } isNot when notPattern.OperatorToken.IsKind(SyntaxKind.NotKeyword):
                    return IsCaught(isNot.Expression, caught) && IsTypeOnlyPattern(notPattern.Pattern);
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }:
                    ExpressionSyntax tested = operand is ParenthesizedExpressionSyntax inner ? inner.Expression : operand;
                    return (tested is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } isType && IsCaught(isType.Left, caught))
                        || (tested is IsPatternExpressionSyntax isPattern && IsCaught(isPattern.Expression, caught) && IsTypeOnlyPattern(isPattern.Pattern));
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both:
                    return ExcludesTypes(both.Left, caught) && ExcludesTypes(both.Right, caught);
                default:
                    return false;
            }
        }

        private static bool IsTypeOnlyPattern(PatternSyntax pattern) => pattern switch
        {
            TypePatternSyntax _ => true,
            ConstantPatternSyntax _ => true, // 'is not IOException' parses as a constant pattern naming the type
            ParenthesizedPatternSyntax parenthesized => IsTypeOnlyPattern(parenthesized.Pattern),
            BinaryPatternSyntax either when either.OperatorToken.IsKind(SyntaxKind.OrKeyword) => IsTypeOnlyPattern(either.Left) && IsTypeOnlyPattern(either.Right),
            _ => false,
        };

        /// <summary>The condition tests the caught exception itself for a fatal failure: 'Fx.IsFatal(ex)', 'ex.IsCritical()', 'ex is OutOfMemoryException'.</summary>
        private static bool TestsFatal(ExpressionSyntax condition, string caught, bool negated, bool cancellationToo = false)
        {
            condition = condition is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : condition;
            if (negated)
            {
                if (condition is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not)
                {
                    return TestsFatal(not.Operand, caught, negated: false, cancellationToo);
                }

                // 'ex is not OutOfMemoryException', 'a && b' where both exclude fatal failures; with cancellation too,
                // 'ex is not OperationCanceledException || !ct.IsCancellationRequested': either side excludes only the
                // caller's own cancellation, so the filter refuses no more than that.
                return (condition is IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: TypePatternSyntax or ConstantPatternSyntax } notPattern } isNot
                        && notPattern.OperatorToken.IsKind(SyntaxKind.NotKeyword) && IsCaught(isNot.Expression, caught) && IsExcludedTypeName(TypeNameOf(notPattern.Pattern), cancellationToo))
                    || (condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both
                        && TestsFatal(both.Left, caught, negated: true, cancellationToo) && TestsFatal(both.Right, caught, negated: true, cancellationToo))
                    || (cancellationToo && condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } either
                        && (TestsFatal(either.Left, caught, negated: true, cancellationToo) || TestsFatal(either.Right, caught, negated: true, cancellationToo)));
            }

            switch (condition)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCancellationRequested" } when cancellationToo:
                    return true; // '!token.IsCancellationRequested' lets only a cancellation the caller asked for through
                case InvocationExpressionSyntax call when CalledName(call) is string name
                    && (name.IndexOf("Fatal", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Critical", System.StringComparison.Ordinal) >= 0):
                    // The caught exception is the receiver ('ex.IsFatal()') or an argument ('Fx.IsFatal(ex)').
                    return (call.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && IsCaught(receiver, caught))
                        || call.ArgumentList.Arguments.Any(argument => IsCaught(argument.Expression, caught));
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } isType:
                    return IsCaught(isType.Left, caught) && IsExcludedTypeName(isType.Right.ToString(), cancellationToo);
                case IsPatternExpressionSyntax { Pattern: TypePatternSyntax or ConstantPatternSyntax } isPattern:
                    return IsCaught(isPattern.Expression, caught) && IsExcludedTypeName(TypeNameOf(isPattern.Pattern), cancellationToo);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } either:
                    return TestsFatal(either.Left, caught, negated: false, cancellationToo) && TestsFatal(either.Right, caught, negated: false, cancellationToo);
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both when cancellationToo:
                    // '!(ex is OperationCanceledException && ct.IsCancellationRequested)': refusing 'a && b' refuses less than 'a'.
                    return TestsFatal(both.Left, caught, negated: false, cancellationToo) || TestsFatal(both.Right, caught, negated: false, cancellationToo);
                default:
                    return false;
            }
        }

        private static bool IsCaught(ExpressionSyntax expression, string caught) =>
            expression is IdentifierNameSyntax { Identifier.ValueText: var name } && name == caught;

        private static string TypeNameOf(PatternSyntax pattern) => pattern switch
        {
            TypePatternSyntax type => type.Type.ToString(),
            ConstantPatternSyntax constant => constant.Expression.ToString(),
            _ => string.Empty,
        };

        private static bool IsExcludedTypeName(string name, bool cancellationToo)
        {
            if (!cancellationToo)
            {
                return IsFatalTypeName(name);
            }

            int dot = name.LastIndexOf('.');
            string simple = dot >= 0 ? name.Substring(dot + 1) : name;
            return IsFatalTypeName(name) || simple == "OperationCanceledException" || simple == "TaskCanceledException" || simple == "ObjectDisposedException";
        }

        private static bool IsFatalTypeName(string name)
        {
            int dot = name.LastIndexOf('.');
            name = dot >= 0 ? name.Substring(dot + 1) : name;
            return name == "OutOfMemoryException" || name == "StackOverflowException" || name == "ThreadAbortException"
                || name == "AccessViolationException" || name == "InsufficientExecutionStackException";
        }
    }
}
