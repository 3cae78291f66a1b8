using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL301: a client created only when a cache kept in a field misses. The creation sits in the body of an <c>if</c>
    /// whose condition tests a field for a miss (a negated <c>TryGetValue</c> / <c>ContainsKey</c>, a <c>== null</c> /
    /// <c>is null</c> check, or an expiry comparison against the clock), and that body stores into the tested field
    /// (assignment, indexer set, <c>TryAdd</c> / <c>Add</c> / <c>GetOrAdd</c> / <c>AddOrUpdate</c>). The same holds one level
    /// up: the client is created in a private method every call of which (in its type's source) sits in such a body, so
    /// it runs once per cache entry or lifetime, not per operation. Syntax only, bounded: the creating method and the
    /// call sites of that one method; runs only for client creations, which are rare.
    /// </summary>
    internal static class CacheMiss
    {
        public static bool IsCreatedOnCacheMiss(IOperation created, IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            INamedTypeSymbol? type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (InsideCacheMissBody(created.Syntax, type))
            {
                return true;
            }

            if (method.DeclaredAccessibility != Accessibility.Private || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            // Every use of the private method's name in its type is a call inside a cache-miss body.
            int calls = 0;
            foreach (SyntaxReference typeReference in type.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in typeReference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (!(node is IdentifierNameSyntax name) || name.Identifier.ValueText != method.Name)
                    {
                        continue;
                    }

                    SyntaxNode invoked = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : name;
                    if (IsValueFactoryOfFieldCache(invoked, type))
                    {
                        calls++;
                        continue; // '_instances.GetOrAdd(url, CreateDatabase)': runs once per cache key
                    }

                    if (!(invoked.Parent is InvocationExpressionSyntax call) || call.Expression != invoked || !InsideCacheMissBody(call, type))
                    {
                        return false;
                    }

                    calls++;
                }
            }

            return calls > 0;
        }

        /// <summary>
        /// The method group (or a lambda whose body is a call of it) is the value factory of a cache kept in a field:
        /// '_cache.GetOrAdd(key, Create)', '_cache.GetOrAdd(key, k => Create(k))', 'AddOrUpdate', or 'new Lazy&lt;T&gt;(Create)'
        /// assigned to a field.
        /// </summary>
        private static bool IsValueFactoryOfFieldCache(SyntaxNode invoked, INamedTypeSymbol type)
        {
            SyntaxNode node = invoked;
            if (invoked.Parent is InvocationExpressionSyntax { Parent: LambdaExpressionSyntax lambda } lambdaCall && lambdaCall.Expression == invoked)
            {
                node = lambda; // 'k => Create(k)'
            }

            if (!(node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: var owner } arguments } argument))
            {
                return false;
            }

            switch (owner)
            {
                // The value factory is the second argument; AddOrUpdate's update factory (third) runs on every call for a present key.
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetOrAdd" or "AddOrUpdate" or "GetOrCreate" } cacheCall }
                    when arguments.Arguments.IndexOf(argument) == 1 && argument.NameColon is null:
                    return FieldName(cacheCall.Expression, type) != null;
                case ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "Lazy" } } lazy:
                    return lazy.Parent is AssignmentExpressionSyntax { Left: var target } && FieldName(target, type) != null
                        || lazy.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } };
                default:
                    return false;
            }
        }

        private static bool InsideCacheMissBody(SyntaxNode node, INamedTypeSymbol type)
        {
            SyntaxNode child = node;
            for (SyntaxNode? current = node.Parent; current != null && !(current is MemberDeclarationSyntax); child = current, current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (current is IfStatementSyntax branch && branch.Statement == child && IsCacheMiss(branch, type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCacheMiss(IfStatementSyntax branch, INamedTypeSymbol type)
        {
            foreach (SyntaxNode node in branch.Condition.DescendantNodesAndSelf())
            {
                string? cacheField = null;
                switch (node)
                {
                    // !_cache.TryGetValue(key, out c), !_cache.ContainsKey(key)
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }
                        when Unparenthesize(operand) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax lookup }
                             && (lookup.Name.Identifier.ValueText == "TryGetValue" || lookup.Name.Identifier.ValueText == "ContainsKey"):
                        cacheField = FieldName(lookup.Expression, type);
                        break;

                    // _client == null, _client is null
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals:
                        cacheField = equals.Right.IsKind(SyntaxKind.NullLiteralExpression) ? FieldName(equals.Left, type)
                            : equals.Left.IsKind(SyntaxKind.NullLiteralExpression) ? FieldName(equals.Right, type) : null;
                        break;
                    case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax literal } } isNull
                        when literal.IsKind(SyntaxKind.NullLiteralExpression):
                        cacheField = FieldName(isNull.Expression, type);
                        break;

                    // _lastRequest + _lifetime < DateTime.Now, _expires <= DateTime.UtcNow
                    case BinaryExpressionSyntax relational when (relational.IsKind(SyntaxKind.LessThanExpression) || relational.IsKind(SyntaxKind.LessThanOrEqualExpression)
                                                                 || relational.IsKind(SyntaxKind.GreaterThanExpression) || relational.IsKind(SyntaxKind.GreaterThanOrEqualExpression))
                                                                && ReadsClock(relational):
                        foreach (SyntaxNode part in relational.DescendantNodes())
                        {
                            if (part is IdentifierNameSyntax id && IsField(id.Identifier.ValueText, type) && Stores(branch.Statement, id.Identifier.ValueText))
                            {
                                return true;
                            }
                        }

                        break;
                }

                if (cacheField != null && Stores(branch.Statement, cacheField))
                {
                    return true;
                }
            }

            return false;
        }

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static bool ReadsClock(SyntaxNode expression)
        {
            foreach (SyntaxNode node in expression.DescendantNodes())
            {
                if (node is IdentifierNameSyntax id)
                {
                    string name = id.Identifier.ValueText;
                    if (name == "Now" || name == "UtcNow" || name == "TickCount" || name == "TickCount64" || name == "GetTimestamp" || name == "GetUtcNow")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>'_cache' or 'this._cache' naming a field of the type (or a base type).</summary>
        private static string? FieldName(ExpressionSyntax expression, INamedTypeSymbol type)
        {
            expression = Unparenthesize(expression);
            string? name = expression switch
            {
                IdentifierNameSyntax id => id.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                _ => null,
            };

            return name != null && IsField(name, type) ? name : null;
        }

        private static bool IsField(string name, INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers(name))
                {
                    if (member is IFieldSymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The body writes the field: '_f = ...', '_f[key] = ...', '_f.TryAdd(...)' / Add / GetOrAdd / AddOrUpdate / TryUpdate.</summary>
        private static bool Stores(StatementSyntax body, string field)
        {
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment:
                        ExpressionSyntax target = assignment.Left is ElementAccessExpressionSyntax element ? element.Expression : assignment.Left;
                        if (NamesField(target, field))
                        {
                            return true;
                        }

                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax call }
                        when (call.Name.Identifier.ValueText == "TryAdd" || call.Name.Identifier.ValueText == "Add" || call.Name.Identifier.ValueText == "GetOrAdd"
                              || call.Name.Identifier.ValueText == "AddOrUpdate" || call.Name.Identifier.ValueText == "TryUpdate")
                             && NamesField(call.Expression, field):
                        return true;
                }
            }

            return false;
        }

        private static bool NamesField(ExpressionSyntax expression, string field) => Unparenthesize(expression) switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == field,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == field,
            _ => false,
        };
    }
}
