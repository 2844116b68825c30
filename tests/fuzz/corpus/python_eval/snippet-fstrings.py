x = 3.14159
name = 'pm'
result = [f'{x:.2f}', f'{name!r:>6}', f'{x=}', f'{x:{8}.{3}f}', f"{'nested' + f'{name}'}", f'{{}}', f'{[1, 2]}']
